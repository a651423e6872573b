using System.Text;
using System.Text.RegularExpressions;
using SutazAI.Contracts.Knowledge;

namespace SutazAI.Agents.Researcher.Answering;

/// <summary>
/// An answer without an LLM: the sentences of the best excerpts that share the most words with the question, quoted
/// as they stand and cited. It says where the answer is; it does not write one.
/// </summary>
public static partial class ExtractiveAnswer
{
    private const int MaxSentences = 3;
    private const int ExcerptsRead = 3;

    private static readonly HashSet<string> Stopwords =
    [
        "the", "and", "for", "are", "was", "were", "what", "which", "who", "whom", "how", "why", "when", "where", "does", "did",
        "has", "have", "had", "this", "that", "these", "those", "with", "from", "about", "into", "your", "you", "our", "their",
        "there", "here", "can", "could", "should", "would", "will", "say", "says", "tell", "documents", "document", "my", "me",
    ];

    /// <summary>The answer text and the excerpt numbers (1-based) it quotes.</summary>
    public static (string Answer, IReadOnlyList<int> Cited) From(string question, IReadOnlyList<SearchHit> excerpts)
    {
        var terms = Words(question).Where(w => w.Length >= 3 && !Stopwords.Contains(w)).Select(Stem).ToHashSet();
        var picked = new List<(int N, string Sentence, double Score)>();
        for (var i = 0; i < Math.Min(ExcerptsRead, excerpts.Count); i++)
        {
            foreach (var sentence in Sentences(excerpts[i].Text))
            {
                var shared = Words(sentence).Select(Stem).Where(terms.Contains).Distinct().Count();
                if (shared > 0)
                {
                    // Earlier excerpts ranked higher in the search: a small edge for them.
                    picked.Add((i + 1, sentence, shared - (i * 0.1)));
                }
            }
        }

        var best = picked.OrderByDescending(p => p.Score).Take(MaxSentences).OrderBy(p => p.N).ToList();
        if (best.Count == 0 && excerpts.Count > 0)
        {
            best.Add((1, Sentences(excerpts[0].Text).FirstOrDefault() ?? excerpts[0].Text, 0));
        }

        var answer = new StringBuilder("From your documents (quoted, not generated):");
        foreach (var (n, sentence, _) in best)
        {
            answer.Append(" \u201C").Append(sentence).Append("\u201D [").Append(n).Append(']');
        }

        return (answer.ToString(), [.. best.Select(b => b.N).Distinct()]);
    }

    private static IEnumerable<string> Words(string text) => Word().Matches(text).Select(m => m.Value.ToLowerInvariant());

    /// <summary>A crude stem (the first six letters), enough to match "install" with "installing".</summary>
    private static string Stem(string word) => word.Length > 6 ? word[..6] : word;

    private static IEnumerable<string> Sentences(string text) =>
        Sentence().Matches(text).Select(m => m.Value.Trim()).Where(s => s.Length >= 12 && s.Length <= 600);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"[^.!?\n]+(?:[.!?]+|$)")]
    private static partial Regex Sentence();
}

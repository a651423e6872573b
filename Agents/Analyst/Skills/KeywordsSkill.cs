using System.Text.RegularExpressions;
using SutazAI.Agents.Analyst.Text;
using SutazAI.Agents.Hosting.Skills;

namespace SutazAI.Agents.Analyst.Skills;

/// <summary>
/// RAKE (Rapid Automatic Keyword Extraction): candidate phrases are runs of content words between stop words
/// and punctuation; a word scores degree/frequency, a phrase the sum of its words.
/// </summary>
internal sealed partial class KeywordsSkill : Skill<KeywordsSkill.Input, KeywordsSkill.Output>
{
    private const int MaxPhraseWords = 4;

    public sealed record Input(string Text, int? Top);

    public sealed record Keyword(string Term, double Score);

    public sealed record Output(IReadOnlyList<Keyword> Keywords);

    public override string Capability => "text.keywords";

    public override string Description => "Finds the key words and phrases of a text, ranked by importance.";

    public override IReadOnlyList<string> Examples =>
    [
        "what are the key words of this text",
        "give me the main topics mentioned here",
        "extract the important terms from this article",
        "tag this post with keywords",
        "which phrases matter most in this document",
        "what topics does this text cover",
        "extract the main topics and themes",
        "find the recurring terms in these answers",
    ];

    protected override string InputSchemaJson => """
        {"type":"object","required":["text"],"additionalProperties":false,
         "properties":{"text":{"type":"string","minLength":1,"maxLength":100000},
                       "top":{"type":"integer","minimum":1,"maximum":100}}}
        """;

    protected override Task<Output> ExecuteAsync(Input input, SkillContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(Extract(input.Text, input.Top ?? 10)));

    public static IReadOnlyList<Keyword> Extract(string text, int top)
    {
        var phrases = new List<List<string>>();
        foreach (var fragment in PhraseDelimiters().Split(text))
        {
            var current = new List<string>();
            foreach (var word in Tokenizer.Words(fragment))
            {
                var isContent = !Stopwords.English.Contains(word) && word.Length > 1 && !word.All(char.IsDigit);
                if (isContent && current.Count < MaxPhraseWords)
                {
                    current.Add(word);
                    continue;
                }

                if (current.Count > 0)
                {
                    phrases.Add(current);
                }

                current = isContent ? [word] : [];
            }

            if (current.Count > 0)
            {
                phrases.Add(current);
            }
        }

        var frequency = new Dictionary<string, int>();
        var degree = new Dictionary<string, int>();
        foreach (var phrase in phrases)
        {
            foreach (var word in phrase)
            {
                frequency[word] = frequency.GetValueOrDefault(word) + 1;
                degree[word] = degree.GetValueOrDefault(word) + phrase.Count;
            }
        }

        var scored = new Dictionary<string, double>();
        foreach (var phrase in phrases)
        {
            var term = string.Join(' ', phrase);
            var score = phrase.Sum(word => (double)degree[word] / frequency[word]);
            // A phrase seen several times counts once, with its best score boosted by repetition.
            scored[term] = Math.Max(scored.GetValueOrDefault(term), score) + (scored.ContainsKey(term) ? 0.5 : 0);
        }

        return scored
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(pair => new Keyword(pair.Key, Math.Round(pair.Value, 3)))
            .ToList();
    }

    [GeneratedRegex(@"[.,;:!?()\[\]{}""“”\n\r\t]+|\s[-–—]\s")]
    private static partial Regex PhraseDelimiters();
}

using SutazAI.Agents.Analyst.Text;
using SutazAI.Agents.Hosting.Skills;

namespace SutazAI.Agents.Analyst.Skills;

/// <summary>
/// Extractive summary with TextRank: sentences are nodes, edges weigh shared content words, PageRank picks the
/// most central sentences, which are returned in their original order. The graph is quadratic in its sentences,
/// so a text longer than <see cref="MaxRankedSentences"/> sentences is ranked over that many spread evenly through
/// it; the work is bounded whatever the input, runs off the consumer's thread and stops when cancelled.
/// </summary>
internal sealed class SummarySkill : Skill<SummarySkill.Input, SummarySkill.Output>
{
    public const int MaxRankedSentences = 1_000;
    private const double Damping = 0.85;
    private const int MaxIterations = 100;
    private const double Tolerance = 1e-6;

    public sealed record Input(string Text, int? Sentences);

    public sealed record Output(string Summary, IReadOnlyList<string> Sentences);

    public override string Capability => "text.summary";

    public override string Description => "Summarizes a text by extracting its most central sentences.";

    public override IReadOnlyList<string> Examples =>
    [
        "summarize this text",
        "give me the gist of this article",
        "make this report shorter",
        "what is this email about in a few sentences",
        "condense these meeting notes",
        "boil it down to the essentials",
        "give me a quick recap of this",
        "too long, didn't read: what does it say",
    ];

    protected override string InputSchemaJson => """
        {"type":"object","required":["text"],"additionalProperties":false,
         "properties":{"text":{"type":"string","minLength":1,"maxLength":200000},
                       "sentences":{"type":"integer","minimum":1,"maximum":50}}}
        """;

    protected override async Task<Output> ExecuteAsync(Input input, SkillContext context, CancellationToken cancellationToken)
    {
        var all = Tokenizer.Sentences(input.Text);
        var sentences = Spread(all, MaxRankedSentences);
        await context.ReportProgressAsync(10, $"ranking {sentences.Count} of {all.Count} sentences");
        var chosen = await Task.Run(() => Summarize(sentences, input.Sentences ?? 3, cancellationToken), cancellationToken);
        return new Output(string.Join(' ', chosen), chosen);
    }

    /// <summary>At most <paramref name="limit"/> sentences, every k-th one, so all parts of the text are represented.</summary>
    public static IReadOnlyList<string> Spread(IReadOnlyList<string> sentences, int limit)
    {
        if (sentences.Count <= limit)
        {
            return sentences;
        }

        var step = (double)sentences.Count / limit;
        return Enumerable.Range(0, limit).Select(k => sentences[(int)(k * step)]).ToList();
    }

    public static IReadOnlyList<string> Summarize(IReadOnlyList<string> sentences, int count, CancellationToken cancellationToken = default)
    {
        if (sentences.Count <= count)
        {
            return sentences;
        }

        if (sentences.Count > MaxRankedSentences)
        {
            throw new ArgumentException($"At most {MaxRankedSentences} sentences are ranked; spread them first.", nameof(sentences));
        }

        var bags = sentences
            .Select(s => Tokenizer.Words(s).Where(w => !Stopwords.English.Contains(w)).Select(Stem).ToHashSet())
            .ToList();
        var n = sentences.Count;
        var weights = new double[n, n];
        var outWeight = new double[n];
        for (var i = 0; i < n; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var j = i + 1; j < n; j++)
            {
                var shared = SharedCount(bags[i], bags[j]);
                if (shared == 0 || bags[i].Count < 2 || bags[j].Count < 2)
                {
                    continue;
                }

                var similarity = shared / (Math.Log(bags[i].Count) + Math.Log(bags[j].Count));
                weights[i, j] = weights[j, i] = similarity;
                outWeight[i] += similarity;
                outWeight[j] += similarity;
            }
        }

        var rank = Enumerable.Repeat(1.0 / n, n).ToArray();
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = new double[n];
            var delta = 0.0;
            for (var i = 0; i < n; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < n; j++)
                {
                    if (weights[j, i] > 0)
                    {
                        sum += weights[j, i] / outWeight[j] * rank[j];
                    }
                }

                next[i] = ((1 - Damping) / n) + (Damping * sum);
                delta += Math.Abs(next[i] - rank[i]);
            }

            rank = next;
            if (delta < Tolerance)
            {
                break;
            }
        }

        return Enumerable.Range(0, n)
            .OrderByDescending(i => rank[i])
            .ThenBy(i => i)
            .Take(count)
            .Order()
            .Select(i => sentences[i])
            .ToList();
    }

    private static int SharedCount(HashSet<string> a, HashSet<string> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = 0;
        foreach (var word in small)
        {
            if (large.Contains(word))
            {
                shared++;
            }
        }

        return shared;
    }

    // A light suffix stripper so "agent" and "agents" count as one word.
    private static string Stem(string word)
    {
        foreach (var suffix in (string[])["ing", "ed", "es", "s"])
        {
            if (word.Length > suffix.Length + 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }
}

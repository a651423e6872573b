using SutazAI.Agents.Analyst.Text;
using SutazAI.Agents.Hosting.Skills;

namespace SutazAI.Agents.Analyst.Skills;

/// <summary>
/// Detects the language from its function words, each weighted by how few languages share it, plus
/// letters that only some languages use (ß, ñ, ã, ij...).
/// </summary>
internal sealed class LanguageSkill : Skill<LanguageSkill.Input, LanguageSkill.Output>
{
    public const string Undetermined = "und";

    private static readonly Dictionary<string, string[]> DistinctiveMarks = new()
    {
        ["de"] = ["ß", "ä", "ö", "ü", "sch", "ung "],
        ["fr"] = ["ç", "è", "ê", "à", "eau", "oux", "ô"],
        ["es"] = ["ñ", "¿", "¡", "ción", "á", "í", "ó", "ú"],
        ["it"] = ["gli", "zione", "ò", "ì", "cch", "zz"],
        ["pt"] = ["ã", "õ", "ção", "ções", "lh", "nh"],
        ["nl"] = ["ij", "oe", "aa", "uu", "sch", "eid"],
        ["en"] = ["th", "wh", "ght", "ing "],
    };

    public sealed record Input(string Text);

    public sealed record Output(string Language, double Confidence);

    public override string Capability => "text.language";

    public override string Description => "Tells which language a text is written in (en, de, fr, es, it, pt, nl).";

    public override IReadOnlyList<string> Examples =>
    [
        "which language is this written in",
        "detect the language of this sentence",
        "is this text French or Spanish",
        "identify the language of the following",
        "what language does this message use",
    ];

    protected override string InputSchemaJson => """
        {"type":"object","required":["text"],"additionalProperties":false,
         "properties":{"text":{"type":"string","minLength":1,"maxLength":100000}}}
        """;

    protected override Task<Output> ExecuteAsync(Input input, SkillContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Detect(input.Text));

    public static Output Detect(string text)
    {
        var scores = Stopwords.ByLanguage.Keys.ToDictionary(language => language, _ => 0.0);
        var words = Tokenizer.Words(text);
        foreach (var word in words)
        {
            var languages = Stopwords.ByLanguage.Where(pair => pair.Value.Contains(word)).Select(pair => pair.Key).ToList();
            foreach (var language in languages)
            {
                scores[language] += 1.0 / languages.Count;
            }
        }

        var lower = text.ToLowerInvariant() + " ";
        foreach (var (language, marks) in DistinctiveMarks)
        {
            foreach (var mark in marks)
            {
                scores[language] += 0.25 * Math.Min(Occurrences(lower, mark), 4);
            }
        }

        var total = scores.Values.Sum();
        var best = scores.OrderByDescending(pair => pair.Value).First();
        if (total <= 0 || best.Value < 0.5)
        {
            return new Output(Undetermined, 0);
        }

        return new Output(best.Key, Math.Round(best.Value / total, 3));
    }

    private static int Occurrences(string text, string mark)
    {
        var count = 0;
        for (var index = text.IndexOf(mark, StringComparison.Ordinal); index >= 0; index = text.IndexOf(mark, index + mark.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

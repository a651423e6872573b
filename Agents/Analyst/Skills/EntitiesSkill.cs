using System.Text.RegularExpressions;
using SutazAI.Agents.Analyst.Text;
using SutazAI.Agents.Hosting.Skills;

namespace SutazAI.Agents.Analyst.Skills;

/// <summary>
/// Finds emails, URLs, money amounts, dates, numbers and capitalised names. Patterns run from the most
/// specific to the least; a span claimed by one type is not reused by a later one ("$12" is money, not a number).
/// Linear in the text: each pattern scans it once, each candidate is checked in constant time, and at most
/// <see cref="MaxEntities"/> are returned; it runs off the consumer's thread and stops when cancelled.
/// </summary>
internal sealed partial class EntitiesSkill : Skill<EntitiesSkill.Input, EntitiesSkill.Output>
{
    public const int MaxEntities = 5_000;

    public sealed record Input(string Text);

    public sealed record Entity(string Type, string Text, int Start, int End);

    public sealed record Output(IReadOnlyList<Entity> Entities);

    public override string Capability => "text.entities";

    public override string Description => "Extracts named entities from a text: emails, URLs, dates, numbers, money amounts and names of people, places or organisations.";

    public override IReadOnlyList<string> Examples =>
    [
        "find the names and places in this text",
        "pull out the email addresses and dates",
        "which people and companies are mentioned",
        "extract the amounts of money from this invoice",
        "list the named entities in this paragraph",
    ];

    protected override string InputSchemaJson => """
        {"type":"object","required":["text"],"additionalProperties":false,
         "properties":{"text":{"type":"string","minLength":1,"maxLength":100000}}}
        """;

    protected override Task<Output> ExecuteAsync(Input input, SkillContext context, CancellationToken cancellationToken) =>
        Task.Run(() => new Output(Extract(input.Text, cancellationToken)), cancellationToken);

    public static IReadOnlyList<Entity> Extract(string text, CancellationToken cancellationToken = default)
    {
        var found = new List<Entity>();
        var taken = new bool[text.Length];

        void Claim(string type, Regex pattern, Func<Match, string, bool>? accept = null)
        {
            foreach (Match match in pattern.Matches(text))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (found.Count >= MaxEntities)
                {
                    return;
                }

                var value = match.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')');
                var start = match.Index;
                var end = start + value.Length;
                if (value.Length == 0 || Overlaps(taken, start, end) || (accept is not null && !accept(match, value)))
                {
                    continue;
                }

                Array.Fill(taken, true, start, end - start);
                found.Add(new Entity(type, value, start, end));
            }
        }

        Claim("email", Email());
        Claim("url", Url());
        Claim("money", MoneySymbolFirst());
        Claim("money", MoneyCurrencyAfter());
        Claim("date", IsoDate());
        Claim("date", NumericDate());
        Claim("date", MonthFirstDate());
        Claim("date", DayFirstDate());
        Claim("number", Number());
        var capitalisedMidSentence = CapitalisedMidSentence(text, cancellationToken);
        Claim("name", CapitalisedRun(), (match, value) => IsName(text, match.Index, value, capitalisedMidSentence));

        return found.OrderBy(e => e.Start).ToList();
    }

    private static bool Overlaps(bool[] taken, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (taken[i])
            {
                return true;
            }
        }

        return false;
    }

    // A single capitalised word that starts a sentence is usually just the sentence's first word.
    private static bool IsName(string text, int start, string value, HashSet<string> capitalisedMidSentence)
    {
        var words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.All(w => Stopwords.English.Contains(w.ToLowerInvariant()) || MonthsAndDays.Contains(w)))
        {
            return false;
        }

        if (!IsAtSentenceStart(text, start))
        {
            return true;
        }

        if (words.Length > 1)
        {
            return !Stopwords.English.Contains(words[0].ToLowerInvariant());
        }

        // A lone capitalised word opening a sentence ("Write to us") is a name only if the text also capitalises it mid-sentence.
        return capitalisedMidSentence.Contains(value);
    }

    /// <summary>Every word of a capitalised run that does not open a sentence, found in one pass.</summary>
    private static HashSet<string> CapitalisedMidSentence(string text, CancellationToken cancellationToken)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match run in CapitalisedRun().Matches(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsAtSentenceStart(text, run.Index))
            {
                words.UnionWith(run.Value.Split(' '));
            }
        }

        return words;
    }

    /// <summary>
    /// Whether <paramref name="index"/> opens a sentence: only blanks and at most one opening quote or bracket
    /// between it and the start of the text, a line break, or a full stop, exclamation or question mark. Looks
    /// back over those few characters only.
    /// </summary>
    private static bool IsAtSentenceStart(string text, int index)
    {
        var i = index - 1;
        var lineBreak = SkipBlanksBackwards(text, ref i);
        if (i >= 0 && text[i] is '"' or '\'' or '(')
        {
            i--;
            lineBreak = SkipBlanksBackwards(text, ref i);
        }

        return i < 0 || lineBreak || text[i] is '.' or '!' or '?';
    }

    private static bool SkipBlanksBackwards(string text, ref int i)
    {
        var lineBreak = false;
        while (i >= 0 && char.IsWhiteSpace(text[i]))
        {
            lineBreak |= text[i] == '\n';
            i--;
        }

        return lineBreak;
    }

    private static readonly HashSet<string> MonthsAndDays =
    [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    ];

    private const string Month = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

    [GeneratedRegex(@"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\b")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s<>""']+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|thousand|bn|[kKmM])\b)?")]
    private static partial Regex MoneySymbolFirst();

    [GeneratedRegex(@"\b\d[\d,]*(?:\.\d+)?\s?(?:USD|EUR|GBP|JPY|CHF|dollars?|euros?|pounds?|cents?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MoneyCurrencyAfter();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+\-]\d{2}:\d{2})?)?\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"\b" + Month + @"\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b")]
    private static partial Regex MonthFirstDate();

    [GeneratedRegex(@"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + Month + @"\.?(?:,?\s+\d{4})?\b")]
    private static partial Regex DayFirstDate();

    [GeneratedRegex(@"(?<![\w.])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?(?![\w])")]
    private static partial Regex Number();

    [GeneratedRegex(@"\b\p{Lu}[\p{Ll}'’]+(?:(?:\s+|-)(?:(?:de|van|von|der|da|del|la|le)\s+)?\p{Lu}[\p{Ll}'’]+)*\b")]
    private static partial Regex CapitalisedRun();
}

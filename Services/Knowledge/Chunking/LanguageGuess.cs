namespace SutazAI.Knowledge.Chunking;

/// <summary>
/// Which PostgreSQL text-search configuration suits a text, from its most common short words, so full-text search
/// stems in the document's language (<c>english</c>, <c>german</c>, ...); <c>simple</c> when none stands out.
/// </summary>
public static class LanguageGuess
{
    public const string Simple = "simple";

    private static readonly (string Config, HashSet<string> Words)[] Languages =
    [
        ("english", ["the", "and", "of", "to", "is", "in", "that", "it", "for", "with", "are", "this", "was", "on", "be"]),
        ("german", ["der", "die", "und", "das", "ist", "nicht", "ein", "eine", "zu", "mit", "den", "von", "sich", "auf", "auch"]),
        ("french", ["le", "la", "les", "et", "des", "est", "une", "un", "du", "que", "pour", "dans", "pas", "qui", "sur"]),
        ("spanish", ["el", "la", "los", "las", "y", "que", "es", "un", "una", "por", "para", "con", "del", "se", "no"]),
        ("italian", ["il", "la", "che", "di", "e", "è", "per", "non", "un", "una", "sono", "del", "della", "gli", "con"]),
        ("portuguese", ["o", "a", "os", "as", "que", "não", "um", "uma", "do", "da", "em", "para", "com", "é", "se"]),
        ("dutch", ["de", "het", "een", "en", "van", "is", "niet", "dat", "op", "te", "zijn", "met", "voor", "ik", "ook"]),
    ];

    public static string Of(string text)
    {
        var sample = text.Length > 20_000 ? text[..20_000] : text;
        var words = sample.ToLowerInvariant().Split([' ', '\n', '\t', ',', '.', ';', ':', '!', '?', '(', ')', '"'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return Simple;
        }

        var (config, hits) = Languages
            .Select(l => (l.Config, Hits: words.Count(l.Words.Contains)))
            .MaxBy(l => l.Hits);
        // A few function words in a long text is chance, not a language.
        return hits >= Math.Max(2, words.Length / 20) ? config : Simple;
    }
}

using System.Text.RegularExpressions;

namespace SutazAI.Agents.Analyst.Text;

/// <summary>Splits text into words and sentences; shared by every analyst skill.</summary>
internal static partial class Tokenizer
{
    /// <summary>Lower-cased words (letters, digits, inner apostrophes and hyphens).</summary>
    public static List<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();

    /// <summary>Sentences split at . ! ? (and line breaks), keeping abbreviations like "e.g." and decimals together.</summary>
    public static List<string> Sentences(string text)
    {
        var sentences = new List<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var start = 0;
            foreach (Match boundary in SentenceBoundary().Matches(line))
            {
                var end = boundary.Groups[1].Index + boundary.Groups[1].Length;
                var candidate = line[start..end].Trim();
                if (candidate.Length > 0)
                {
                    sentences.Add(candidate);
                }

                start = boundary.Index + boundary.Length;
            }

            var rest = line[start..].Trim();
            if (rest.Length > 0)
            {
                sentences.Add(rest);
            }
        }

        return sentences;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")]
    private static partial Regex WordPattern();

    // A terminator followed by space and an upper-case letter, digit or quote; "e.g. the" does not split.
    [GeneratedRegex(@"(?<!\b(?:e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|Prof|vs|St))([.!?]+[""')\]]*)\s+(?=[\p{Lu}\p{N}""'(])")]
    private static partial Regex SentenceBoundary();
}

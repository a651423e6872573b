using System.Text.RegularExpressions;

namespace SutazAI.Agents.Researcher.Answering;

/// <summary>The excerpt numbers an answer cites (<c>[2]</c>, <c>[1, 3]</c>, <c>[1][2]</c>) and whether they are all real.</summary>
public static partial class CitationCheck
{
    public static IReadOnlyList<int> Cited(string answer) =>
        [.. Bracket().Matches(answer)
            .SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(n => int.TryParse(n, out var number) ? number : -1)
            .Distinct()];

    /// <summary>Null when the answer cites at least one excerpt and only excerpts 1 to <paramref name="excerpts"/>; else what is wrong.</summary>
    public static string? Problem(string answer, int excerpts)
    {
        var cited = Cited(answer);
        if (cited.Count == 0)
        {
            return "it cites no excerpt";
        }

        var missing = cited.Where(n => n < 1 || n > excerpts).ToList();
        return missing.Count > 0 ? $"it cites [{string.Join("], [", missing)}], but there are only excerpts [1] to [{excerpts}]" : null;
    }

    [GeneratedRegex(@"\[(\s*\d{1,3}(?:\s*,\s*\d{1,3})*\s*)\]")]
    private static partial Regex Bracket();
}

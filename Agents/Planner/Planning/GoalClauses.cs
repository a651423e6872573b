using System.Text.RegularExpressions;

namespace SutazAI.Agents.Planner.Planning;

/// <summary>
/// Splits a goal into ordered groups of clauses: "then", "after that", "finally", ";" and sentence ends start a
/// new group that depends on the one before; "and" and commas inside a group mean its clauses can run in parallel.
/// </summary>
public static partial class GoalClauses
{
    public static IReadOnlyList<IReadOnlyList<string>> Split(string goal) =>
        Sequential().Split(goal)
            .Select(group => (IReadOnlyList<string>)Parallel().Split(group)
                .Select(clause => clause.Trim(' ', '.', ',', ';', ':', '!', '?'))
                .Where(clause => clause.Length >= 3)
                .ToList())
            .Where(group => group.Count > 0)
            .ToList();

    [GeneratedRegex(@"\s*,?\s*\b(?:and then|then|after that|afterwards|finally|next)\b\s*|\s*;\s*|(?<=[.!?])\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Sequential();

    [GeneratedRegex(@"\s*,\s*(?:and\s+)?|\s+\b(?:and|also|as well as|plus)\b\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Parallel();
}

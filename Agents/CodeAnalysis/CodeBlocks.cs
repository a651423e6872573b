using System.Text.RegularExpressions;

namespace SutazAI.Agents.CodeAnalysis;

/// <summary>Pulls the code out of an LLM answer: the first fenced block, or the whole answer when it has none.</summary>
public static partial class CodeBlocks
{
    public static string Extract(string answer)
    {
        var match = Fence().Match(answer);
        return (match.Success ? match.Groups["code"].Value : answer).Trim();
    }

    [GeneratedRegex(@"```[\w#+.\-]*[ \t]*\r?\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();
}

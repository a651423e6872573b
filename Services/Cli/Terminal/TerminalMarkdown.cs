using System.Text;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace SutazAI.Cli.Terminal;

/// <summary>
/// Markdown shown in a terminal as it streams in: each complete line is rendered (headings, lists, quotes, code
/// fences, <c>**bold**</c>, <c>*italic*</c>, <c>`code`</c>) the moment its newline arrives; a terminal without colour
/// gets the same text without styling.
/// </summary>
public sealed partial class TerminalMarkdown(IAnsiConsole console)
{
    private readonly StringBuilder _pending = new();
    private bool _inCode;

    public void Append(string text)
    {
        _pending.Append(text);
        var whole = _pending.ToString();
        var end = whole.LastIndexOf('\n');
        if (end < 0)
        {
            return;
        }

        foreach (var line in whole[..end].Split('\n'))
        {
            WriteLine(line.TrimEnd('\r'));
        }

        _pending.Clear().Append(whole[(end + 1)..]);
    }

    /// <summary>Renders what is left after the last newline.</summary>
    public void Finish()
    {
        if (_pending.Length > 0)
        {
            WriteLine(_pending.ToString());
            _pending.Clear();
        }

        _inCode = false;
    }

    private void WriteLine(string line)
    {
        if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
        {
            _inCode = !_inCode;
            console.MarkupLine("[grey]" + Markup.Escape(line) + "[/]");
            return;
        }

        if (_inCode)
        {
            console.MarkupLine("[cyan]" + Markup.Escape(line) + "[/]");
            return;
        }

        var heading = Heading().Match(line);
        if (heading.Success)
        {
            console.MarkupLine("[bold underline]" + Inline(heading.Groups[2].Value) + "[/]");
        }
        else if (Bullet().Match(line) is { Success: true } bullet)
        {
            console.MarkupLine(bullet.Groups[1].Value + "• " + Inline(bullet.Groups[2].Value));
        }
        else if (line.StartsWith("> ", StringComparison.Ordinal))
        {
            console.MarkupLine("[grey]│ " + Inline(line[2..]) + "[/]");
        }
        else
        {
            console.MarkupLine(Inline(line));
        }
    }

    /// <summary>Inline styles, applied to escaped text so the reply can never inject markup of its own.</summary>
    private static string Inline(string text)
    {
        var escaped = Markup.Escape(text);
        escaped = Code().Replace(escaped, "[cyan]$1[/]");
        escaped = Bold().Replace(escaped, "[bold]$1[/]");
        return Italic().Replace(escaped, "[italic]$1[/]");
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(\s*)[-*+]\s+(.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\*\*([^*]+)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"(?<![*\w])\*([^*\s][^*]*)\*(?![*\w])")]
    private static partial Regex Italic();
}

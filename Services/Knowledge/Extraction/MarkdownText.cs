using System.Text;
using System.Text.RegularExpressions;
using SutazAI.Knowledge.Data;

namespace SutazAI.Knowledge.Extraction;

/// <summary>Markdown read line by line: ATX headings (<c>#</c> to <c>######</c>) outside code fences give the sections.</summary>
public static partial class MarkdownText
{
    public static List<ExtractedSection> Extract(string markdown)
    {
        var path = new HeadingPath();
        var paragraph = new StringBuilder();
        string? fence = null;
        foreach (var line in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var trimmed = line.TrimStart();
            if (fence is null && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
            {
                fence = trimmed[..3];
            }
            else if (fence is not null && trimmed.StartsWith(fence, StringComparison.Ordinal))
            {
                fence = null;
            }
            else if (fence is null && Heading().Match(line) is { Success: true } heading)
            {
                path.Paragraph(paragraph.ToString());
                paragraph.Clear();
                path.Heading(heading.Groups[1].Length, heading.Groups[2].Value);
                continue;
            }

            paragraph.Append(line).Append('\n');
        }

        path.Paragraph(paragraph.ToString());
        return path.Sections();
    }

    [GeneratedRegex(@"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$")]
    private static partial Regex Heading();
}

using AngleSharp.Html.Parser;
using SutazAI.Knowledge.Data;

namespace SutazAI.Knowledge.Extraction;

/// <summary>An HTML page's readable text (AngleSharp): headings give the sections, scripts and styles are dropped.</summary>
public static class HtmlText
{
    private const string Blocks = "p,li,pre,blockquote,td,th,dt,dd,figcaption,caption";
    private const string Headings = "h1,h2,h3,h4,h5,h6";

    public static List<ExtractedSection> Extract(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var hidden in document.QuerySelectorAll("script,style,noscript,template,svg,iframe").ToList())
        {
            hidden.Remove();
        }

        var body = document.Body;
        if (body is null)
        {
            return [];
        }

        var path = new HeadingPath();
        var found = false;
        foreach (var element in body.QuerySelectorAll($"{Headings},{Blocks}"))
        {
            // A paragraph inside a list item is read with the item.
            if (element.ParentElement?.Closest(Blocks) is not null)
            {
                continue;
            }

            found = true;
            if (element.LocalName is ['h', var digit] && char.IsAsciiDigit(digit))
            {
                path.Heading(digit - '0', element.TextContent);
            }
            else
            {
                path.Paragraph(element.TextContent);
            }
        }

        if (!found)
        {
            path.Paragraph(body.TextContent);
        }

        return path.Sections();
    }
}

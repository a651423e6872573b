using ColorCode;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SutazAI.Web.Rendering;

/// <summary>
/// LLM answers as HTML: Markdown with code blocks highlighted (ColorCode's CSS classes), raw HTML shown as text and
/// links only to http(s), mail or this site, so a model's output cannot run script in the console.
/// </summary>
public static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    private static readonly HtmlClassFormatter Highlighter = new();

    /// <summary>The stylesheet of the highlighted code's classes.</summary>
    public static string HighlightStyles { get; } = Highlighter.GetCSSString();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.ReplaceOrAdd<CodeBlockRenderer>(new HighlightedCodeBlockRenderer());
        renderer.Render(document);
        return writer.ToString();
    }

    /// <summary>Code as highlighted HTML, or escaped text when the language is not one ColorCode knows.</summary>
    public static string Highlight(string code, string? language)
    {
        var known = language is { Length: > 0 } ? Languages.FindById(Normalize(language)) : null;
        return known is null
            ? $"<pre><code>{System.Net.WebUtility.HtmlEncode(code)}</code></pre>"
            : Highlighter.GetHtmlString(code, known);
    }

    private static string Normalize(string language) => language.ToLowerInvariant() switch
    {
        "cs" or "c#" or "csharp" => "c#",
        "js" or "javascript" => "javascript",
        "ts" or "typescript" => "typescript",
        "py" or "python" => "python",
        "sh" or "bash" or "shell" => "powershell",
        "json" => "json",
        var other => other,
    };

    private static bool IsSafe(string? url) =>
        url is null || url.StartsWith('/') || url.StartsWith('#')
        || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    private sealed class HighlightedCodeBlockRenderer : CodeBlockRenderer
    {
        protected override void Write(HtmlRenderer renderer, CodeBlock block)
        {
            var language = (block as FencedCodeBlock)?.Info;
            renderer.Write(Highlight(block.Lines.ToString(), language));
        }
    }
}

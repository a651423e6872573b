using System.Text;
using SutazAI.Knowledge.Data;

namespace SutazAI.Knowledge.Extraction;

/// <summary>Reads an upload's text with its structure, by media type (<see cref="DocumentFormats"/>).</summary>
public static class TextExtractor
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The document's sections; throws <see cref="UnreadableDocumentException"/> for a damaged file or one without text.</summary>
    public static List<ExtractedSection> Extract(string mediaType, byte[] content)
    {
        var sections = mediaType switch
        {
            DocumentFormats.Pdf => PdfText.Extract(content),
            DocumentFormats.Docx => DocxText.Extract(content),
            DocumentFormats.Html => HtmlText.Extract(Decode(content)),
            DocumentFormats.Markdown => MarkdownText.Extract(Decode(content)),
            _ => [new ExtractedSection("", Normalise(Decode(content)))],
        };
        sections = [.. sections.Select(s => s with { Text = Normalise(s.Text) }).Where(s => s.Text.Length > 0)];
        return sections.Count > 0 ? sections : throw new UnreadableDocumentException("The document contains no text (a scanned PDF needs OCR first).");
    }

    /// <summary>UTF-8 (with or without a byte-order mark), else Latin-1; binary content is refused.</summary>
    public static string Decode(byte[] content)
    {
        if (Array.IndexOf(content, (byte)0) >= 0)
        {
            throw new UnreadableDocumentException("The file holds binary data (NUL bytes), not text.");
        }

        var start = content.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        try
        {
            return StrictUtf8.GetString(content, start, content.Length - start);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(content);
        }
    }

    /// <summary>Line endings made <c>\n</c>, runs of spaces collapsed, at most one blank line between paragraphs.</summary>
    public static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        var blankLines = 0;
        foreach (var rawLine in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n'))
        {
            var line = CollapseSpaces(rawLine);
            if (line.Length == 0)
            {
                blankLines++;
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(blankLines > 0 ? "\n\n" : "\n");
            }

            builder.Append(line);
            blankLines = 0;
        }

        return builder.ToString();
    }

    private static string CollapseSpaces(string line)
    {
        var builder = new StringBuilder(line.Length);
        var space = false;
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}

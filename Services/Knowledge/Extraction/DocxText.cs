using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SutazAI.Knowledge.Data;

namespace SutazAI.Knowledge.Extraction;

/// <summary>A Word document's paragraphs (DocumentFormat.OpenXml); <c>Heading N</c> and <c>Title</c> styles give the sections.</summary>
public static class DocxText
{
    /// <summary>Bounds what one part may expand to, so a small compressed file cannot fill the memory.</summary>
    private const long MaxCharactersInPart = 100_000_000;

    public static List<ExtractedSection> Extract(byte[] content)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new UnreadableDocumentException("The .docx has no document body.");
            var path = new HeadingPath();
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                var text = paragraph.InnerText;
                if (HeadingLevel(paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value) is { } level)
                {
                    path.Heading(level, text);
                }
                else
                {
                    path.Paragraph(text);
                }
            }

            return path.Sections();
        }
        catch (Exception ex) when (ex is not UnreadableDocumentException and not OutOfMemoryException)
        {
            throw new UnreadableDocumentException($"The .docx cannot be read: {ex.Message}", ex);
        }
    }

    private static int? HeadingLevel(string? styleId) => styleId switch
    {
        null => null,
        "Title" => 1,
        _ when styleId.StartsWith("Heading", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(styleId.AsSpan("Heading".Length), out var level) && level is >= 1 and <= 9 => level,
        _ => null,
    };
}

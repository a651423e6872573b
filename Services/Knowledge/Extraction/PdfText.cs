using SutazAI.Knowledge.Data;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace SutazAI.Knowledge.Extraction;

/// <summary>A PDF's text page by page (PdfPig), in reading order; each page is a section (<c>page N</c>).</summary>
public static class PdfText
{
    public static List<ExtractedSection> Extract(byte[] content)
    {
        if (content.Length < 5 || content.AsSpan(0, Math.Min(content.Length, 1024)).IndexOf("%PDF-"u8) < 0)
        {
            throw new UnreadableDocumentException("The file is not a PDF: it has no %PDF- header.");
        }

        try
        {
            using var document = PdfDocument.Open(content);
            var sections = new List<ExtractedSection>(document.NumberOfPages);
            foreach (var page in document.GetPages())
            {
                sections.Add(new ExtractedSection($"page {page.Number}", ContentOrderTextExtractor.GetText(page)));
            }

            return sections;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new UnreadableDocumentException($"The PDF cannot be read: {ex.Message}", ex);
        }
    }
}

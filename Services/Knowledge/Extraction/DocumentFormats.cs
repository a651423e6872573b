namespace SutazAI.Knowledge.Extraction;

/// <summary>The kinds of file the knowledge service reads, by media type and file extension.</summary>
public static class DocumentFormats
{
    public const string PlainText = "text/plain";
    public const string Markdown = "text/markdown";
    public const string Html = "text/html";
    public const string Pdf = "application/pdf";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static readonly string[] All = [PlainText, Markdown, Html, Pdf, Docx];

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = PlainText,
        [".text"] = PlainText,
        [".log"] = PlainText,
        [".csv"] = PlainText,
        [".md"] = Markdown,
        [".markdown"] = Markdown,
        [".html"] = Html,
        [".htm"] = Html,
        [".xhtml"] = Html,
        [".pdf"] = Pdf,
        [".docx"] = Docx,
    };

    /// <summary>
    /// The media type of an upload: from the file's extension, else from the declared content type when that is one
    /// of ours; null when neither names a readable kind.
    /// </summary>
    public static string? Recognise(string fileName, string? contentType)
    {
        if (ByExtension.TryGetValue(Path.GetExtension(fileName), out var byExtension))
        {
            return byExtension;
        }

        var declared = contentType?.Split(';')[0].Trim();
        return All.FirstOrDefault(type => string.Equals(type, declared, StringComparison.OrdinalIgnoreCase));
    }
}

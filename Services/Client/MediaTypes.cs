namespace SutazAI.Client;

/// <summary>The media type of a file the knowledge service reads, from its name.</summary>
internal static class MediaTypes
{
    public static string ForFileName(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".md" or ".markdown" => "text/markdown",
        ".html" or ".htm" => "text/html",
        ".pdf" => "application/pdf",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".txt" or ".text" => "text/plain",
        _ => "application/octet-stream",
    };
}

namespace SutazAI.Gateway.Security;

/// <summary>
/// The one route that takes large bodies: documents uploaded to the knowledge service, up to
/// <c>Gateway:Uploads:MaxDocumentBytes</c> (50 MiB, the knowledge service's own limit) plus the multipart form's
/// overhead. Every other request keeps the platform's 1 MiB.
/// </summary>
public sealed class UploadLimits(IConfiguration configuration)
{
    public const string DocumentsPath = "/api/v1/knowledge/documents";
    private const long FormOverheadBytes = 64 * 1024;

    private readonly long _documentBytes = configuration.GetValue("Gateway:Uploads:MaxDocumentBytes", 50L * 1024 * 1024) + FormOverheadBytes;

    public long LimitFor(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(DocumentsPath, StringComparison.OrdinalIgnoreCase)
            ? _documentBytes
            : ProblemDetailsExtensions.MaxRequestBodyBytes;
}

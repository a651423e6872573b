using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A request the service refuses before its endpoint runs (while binding it), with the problem document to answer:
/// its status, stable type URI and title. Written by the problem-details handler, never logged as an error.
/// </summary>
public sealed class RequestProblemException(int statusCode, string type, string title, string detail)
    : BadHttpRequestException(detail, statusCode)
{
    public string Type { get; } = type;

    public string Title { get; } = title;
}

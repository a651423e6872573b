using System.Text.RegularExpressions;
using Asp.Versioning;

namespace SutazAI.Gateway.Security;

/// <summary>Reads the API version from the <c>/api/v{n}/</c> segment of literal paths (routes need no <c>{version}</c> parameter).</summary>
public sealed partial class PathApiVersionReader : IApiVersionReader
{
    public void AddParameters(IApiVersionParameterDescriptionContext context) =>
        context.AddParameter("version", ApiVersionParameterLocation.Path);

    public IReadOnlyList<string> Read(HttpRequest request) =>
        Segment().Match(request.Path.Value ?? "") is { Success: true } match ? [match.Groups[1].Value] : [];

    [GeneratedRegex(@"^/api/v([^/]+)/", RegexOptions.IgnoreCase)]
    private static partial Regex Segment();
}

using System.Text.RegularExpressions;
using Asp.Versioning;
using SutazAI.Contracts;

namespace SutazAI.Gateway.Security;

/// <summary>
/// <c>/api/v{n}/...</c> with a version the platform does not serve is a 400 problem (not a 404), for the proxied
/// routes and the gateway's own alike; the supported versions are reported in <c>api-supported-versions</c>.
/// </summary>
public static partial class ApiVersionGuard
{
    public static readonly ApiVersion[] Supported = [new(1, 0)];

    public static IApplicationBuilder UseApiVersionGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var match = VersionSegment().Match(context.Request.Path.Value ?? "");
        if (!match.Success || IsSupported(match.Groups[1].Value))
        {
            await next(context);
            return;
        }

        context.Response.Headers["api-supported-versions"] = string.Join(", ", Supported.Select(v => v.ToString()));
        await context.WriteProblemAsync(StatusCodes.Status400BadRequest, ProblemTypes.UnsupportedApiVersion, "Unsupported API version",
            $"API version '{match.Groups[1].Value}' is not supported; supported: {string.Join(", ", Supported.Select(v => "v" + v.MajorVersion))}.");
    });

    private static bool IsSupported(string version) =>
        ApiVersionParser.Default.TryParse(version, out var parsed) && Supported.Contains(parsed);

    [GeneratedRegex(@"^/api/v([^/]+)(/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex VersionSegment();
}

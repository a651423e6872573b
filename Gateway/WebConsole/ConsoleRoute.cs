using SutazAI.Contracts;
using Yarp.ReverseProxy.Model;

namespace SutazAI.Gateway.WebConsole;

/// <summary>
/// The web console is served at <c>/</c> by the route <see cref="RouteId"/>, ordered after every API route: what no
/// API route takes goes to the console, except paths under <c>/api</c>, which stay the API's and get its 404.
/// </summary>
public static class ConsoleRoute
{
    public const string RouteId = "console";

    /// <summary>
    /// Pages, their scripts and styles, and Blazor's WebSocket, all from this origin; inline styles for the component
    /// library. Nothing may frame the console, and its forms post only to itself.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public static bool Serves(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.RouteId == RouteId;

    /// <summary>Unknown API paths: 404 as a problem, after the fallback policy has asked who is calling (401 first).</summary>
    public static IEndpointRouteBuilder MapUnknownApiPaths(this IEndpointRouteBuilder app)
    {
        app.Map("/api/{**rest}", () => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "Not found", detail: "No API endpoint has this path."))
            .ExcludeFromDescription();
        return app;
    }
}

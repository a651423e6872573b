namespace SutazAI.Gateway.Security;

/// <summary>
/// Headers every response carries: no MIME sniffing, no referrer, not framable, and a Content-Security-Policy that
/// lets API responses load nothing; the documentation page and the web console get ones that allow their own scripts and styles.
/// </summary>
public static class SecurityHeaders
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

    public const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(Docs.OpenApiDocuments.DocsPath) ? DocsPolicy
            : WebConsole.ConsoleRoute.Serves(context) ? WebConsole.ConsoleRoute.ContentSecurityPolicy
            : ApiPolicy;
        await next(context);
    });
}

using SutazAI.Contracts;

namespace SutazAI.Gateway.Security;

/// <summary>
/// Every route but the health probes (and metrics on the internal port) needs a valid <c>X-Api-Key</c>;
/// otherwise 401 ProblemDetails.
/// </summary>
public sealed class ApiKeyAuthentication(RequestDelegate next, ApiKeyValidator validator, IProblemDetailsService problems, IConfiguration configuration)
{
    private readonly int? _internalPort = ServiceInfo.InternalPort(configuration);

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (ServiceInfo.IsProbe(path)
            || (path.StartsWithSegments(Microsoft.Extensions.Hosting.Extensions.MetricsEndpointPath) && context.Connection.LocalPort == _internalPort))
        {
            await next(context);
            return;
        }

        // Only the gateway says who a request is for; a client cannot claim it.
        context.Request.Headers.Remove(LlmHeaders.Requester);
        var presented = context.Request.Headers[ApiKeyOptions.HeaderName];
        if (presented.Count == 1 && validator.IsValid(presented[0]))
        {
            // The key is the gateway's business; services behind it see only its id.
            context.Request.Headers.Remove(ApiKeyOptions.HeaderName);
            context.Request.Headers[LlmHeaders.Requester] = ApiKeyValidator.IdOf(presented[0]!);
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeyOptions.HeaderName}\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Type = ProblemTypes.Unauthorized,
                Title = "Unauthorized",
                Detail = presented.Count == 0
                    ? $"Send your API key in the {ApiKeyOptions.HeaderName} header."
                    : "The API key is not valid.",
            },
        });
    }
}

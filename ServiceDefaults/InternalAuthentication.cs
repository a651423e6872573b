using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using SutazAI.Contracts;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Services behind the gateway take only requests that carry a caller token the gateway signed for this service
/// (<see cref="CallerTokens"/>) or a platform service's own token (<see cref="InternalTokens"/>): a call that
/// bypasses the gateway gets 401. Health probes and <c>/metrics</c> stay open for the orchestrator of
/// the processes and Prometheus; neither says anything a caller could use.
/// </summary>
public static class InternalAuthentication
{
    public static WebApplication UseInternalAuthentication(this WebApplication app)
    {
        // Resolved now so a missing key stops the service at start-up, not at its first request.
        var tokens = app.Services.GetRequiredService<InternalTokens>();
        var callers = app.Services.GetRequiredService<CallerTokens>();
        if (!callers.CanValidate)
        {
            throw new InvalidOperationException(
                $"{CallerTokens.VerifyKeySetting} and {CallerTokens.AudienceSetting} must be set; the AppHost passes the gateway's public key and the service's name.");
        }

        app.Use(async (context, next) =>
        {
            if (ServiceInfo.IsOperational(context.Request.Path))
            {
                await next(context);
                return;
            }

            var token = BearerToken(context.Request);
            var identity = await callers.ValidateAsync(token) ?? await tokens.ValidateAsync(token);
            if (identity is null)
            {
                await WriteUnauthorizedAsync(context);
                return;
            }

            context.User = new ClaimsPrincipal(identity);
            await next(context);
        });
        return app;
    }

    /// <summary>Adds a fresh internal token (subject = this service) to every request of a client that calls another service.</summary>
    public static IHttpClientBuilder AddInternalToken(this IHttpClientBuilder client) =>
        client.AddHttpMessageHandler(services => new InternalTokenHandler(services.GetRequiredService<InternalTokens>()));

    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static async Task WriteUnauthorizedAsync(HttpContext context)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer realm=\"sutazai-internal\"";
        await context.WriteProblemAsync(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized",
            "This service answers only requests that come through the SutazAI gateway.");
    }

    private sealed class InternalTokenHandler(InternalTokens tokens) : DelegatingHandler
    {
        private readonly string _subject = InternalTokens.ServiceSubjectPrefix + (ServiceInfo.Name ?? "unknown");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.Issue(_subject));
            return base.SendAsync(request, cancellationToken);
        }
    }
}

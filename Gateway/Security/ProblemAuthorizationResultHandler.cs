using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using SutazAI.Contracts;

namespace SutazAI.Gateway.Security;

/// <summary>401 and 403 as ProblemDetails that say what was missing, instead of the schemes' empty bodies.</summary>
public sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Challenged)
        {
            var failure = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure;
            if (failure is not null)
            {
                Observability.GatewayTelemetry.AuthenticationFailures.Add(1, new KeyValuePair<string, object?>("reason", "credentials"));
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Bearer, ApiKey header=\"{ApiKeyOptions.HeaderName}\"";
            await WriteAsync(context, StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized",
                failure?.Message ?? $"Send an API key in the {ApiKeyOptions.HeaderName} header or an access token as 'Authorization: Bearer ...'.");
            return;
        }

        var policyName = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(data => data.Policy).LastOrDefault(name => name is not null);
        var scope = policyName is null ? "" : RoutePolicies.RequiredScope(policyName, context.Request.Method);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteAsync(context, StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden",
            scope.Length > 0 ? $"This request needs the '{scope}' scope, which your credentials do not have." : "Your credentials do not allow this request.");
    }

    private Task WriteAsync(HttpContext context, int status, string type, string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Type = type, Title = title, Detail = detail },
        }).AsTask();
}

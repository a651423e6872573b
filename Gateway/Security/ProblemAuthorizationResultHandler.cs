using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using SutazAI.Contracts;

namespace SutazAI.Gateway.Security;

/// <summary>401 and 403 as ProblemDetails that say what was missing, instead of the schemes' empty bodies.</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
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

            context.Response.Headers.WWWAuthenticate = $"Bearer, ApiKey header=\"{ApiKeyOptions.HeaderName}\"";
            await context.WriteProblemAsync(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized",
                failure switch
                {
                    // Our own API-key messages; token validation errors stay in the logs.
                    AuthenticationFailureException ours => ours.Message,
                    not null => "The access token is not valid or has expired.",
                    null => $"Send an API key in the {ApiKeyOptions.HeaderName} header or an access token as 'Authorization: Bearer ...'.",
                });
            return;
        }

        var policyName = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(data => data.Policy).LastOrDefault(name => name is not null);
        var scope = policyName is null ? "" : RoutePolicies.RequiredScope(policyName, context.Request.Method);
        await context.WriteProblemAsync(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden",
            scope.Length > 0 ? $"This request needs the '{scope}' scope, which your credentials do not have." : "Your credentials do not allow this request.");
    }

}

using SutazAI.Contracts;
using SutazAI.Contracts.Auth;
using SutazAI.Gateway.Identity;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace SutazAI.Gateway.Security;

/// <summary>
/// What a proxied request carries to the service behind: not the caller's credentials (they are the gateway's
/// business) but a caller token only the gateway can sign, naming the person the caller acts for and its scopes,
/// valid at that one service (the route's cluster is named after the service's resource). Headers of the
/// platform's own (<c>X-SutazAI-*</c>, e.g. a requester or a priority an agent passes to the models service) are
/// the platform's to set: a client's are dropped, and an API key's priority is passed on as
/// <see cref="LlmHeaders.Priority"/>, which the models service waits with. A route whose metadata names a second
/// service (<see cref="DelegatedCaller"/>) also carries a caller token for that one, so the service can act there as
/// the person (the knowledge service submitting its ingestion task).
/// </summary>
public static class ProxyIdentity
{
    public const string PlatformHeaderPrefix = "X-SutazAI-";

    public static void Apply(TransformBuilderContext builder)
    {
        var audience = builder.Cluster?.ClusterId ?? builder.Route.ClusterId ?? "";
        var delegateTo = builder.Route.Metadata?.GetValueOrDefault(DelegatedCaller.RouteMetadataKey);
        builder.AddRequestTransform(context =>
        {
            var caller = context.HttpContext.User;
            var owner = caller.Owner() ?? "anonymous";
            var headers = context.ProxyRequest.Headers;
            headers.Remove(ApiKeyOptions.HeaderName);
            foreach (var platformHeader in headers.Select(h => h.Key).Where(IsPlatformHeader).ToList())
            {
                headers.Remove(platformHeader);
            }

            if (caller.Priority() is { } priority)
            {
                headers.Add(LlmHeaders.Priority, priority);
            }

            var tokens = context.HttpContext.RequestServices.GetRequiredService<CallerTokens>();
            var scopes = string.Join(' ', caller.Scopes());
            headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.Issue(owner, scopes, audience));
            if (delegateTo is { Length: > 0 } && caller.Owner() is not null)
            {
                headers.Add(DelegatedCaller.TokenHeader, tokens.Issue(owner, scopes, delegateTo));
            }
            return ValueTask.CompletedTask;
        });
    }

    private static bool IsPlatformHeader(string name) => name.StartsWith(PlatformHeaderPrefix, StringComparison.OrdinalIgnoreCase);
}

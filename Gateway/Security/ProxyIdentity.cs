using SutazAI.Gateway.Identity;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace SutazAI.Gateway.Security;

/// <summary>
/// What a proxied request carries to the service behind: not the caller's credentials (they are the gateway's
/// business) but an internal token naming the caller and its scopes (services read the caller from it).
/// </summary>
public static class ProxyIdentity
{
    public static void Apply(TransformBuilderContext builder) => builder.AddRequestTransform(context =>
    {
        var caller = context.HttpContext.User;
        var subject = caller.Subject() ?? "anonymous";
        var headers = context.ProxyRequest.Headers;
        headers.Remove(ApiKeyOptions.HeaderName);
        headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", context.HttpContext.RequestServices.GetRequiredService<InternalTokens>().Issue(subject, string.Join(' ', caller.Scopes())));
        return ValueTask.CompletedTask;
    });
}

using Microsoft.AspNetCore.Http.Timeouts;
using SutazAI.Contracts;

namespace SutazAI.Gateway.Security;

/// <summary>
/// What a caller gets when a request cannot be forwarded, as a problem instead of YARP's empty 502: 408 when it
/// outlived <c>Gateway:RequestTimeout</c> (100 s; event streams are exempt; the gateway's own endpoints get it from the
/// timeouts middleware, a proxied request's cancellation is swallowed by YARP and reported as a forwarding error), and
/// 503 with <c>Retry-After</c> when the service behind the route did not answer (starting, restarting or down).
/// </summary>
public static class ForwardingProblems
{
    public static Task WriteTimeoutAsync(HttpContext context) =>
        context.WriteProblemAsync(StatusCodes.Status408RequestTimeout, ProblemTypes.RequestTimeout, "Request timeout", "The request took longer than the gateway allows.");

    public static void UseForwardingErrorsAsProblems(this IReverseProxyApplicationBuilder proxy) => proxy.Use(async (context, next) =>
    {
        await next(context);
        if (context.GetForwarderErrorFeature() is null || context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        if (context.Features.Get<IHttpRequestTimeoutFeature>() is { RequestTimeoutToken.IsCancellationRequested: true })
        {
            await WriteTimeoutAsync(context);
            return;
        }

        var service = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
        context.Response.Headers.RetryAfter = "5";
        await context.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, ProblemTypes.ServiceUnavailable, "Service unavailable",
            $"The {service} service did not answer (it may be starting or restarting); try again shortly.");
    });
}

using Microsoft.AspNetCore.Http.Timeouts;
using SutazAI.Contracts;

namespace SutazAI.Gateway.Security;

/// <summary>
/// 408 problem when a request outlives <c>Gateway:RequestTimeout</c> (100 s; event streams are exempt). The
/// gateway's own endpoints get it from the timeouts middleware; for a proxied request YARP swallows the
/// cancellation and reports a forwarding error, which <see cref="UseTimeoutAsProblem"/> turns into the same answer.
/// </summary>
public static class RequestTimeoutProblem
{
    public static Task WriteAsync(HttpContext context) =>
        context.WriteProblemAsync(StatusCodes.Status408RequestTimeout, ProblemTypes.RequestTimeout, "Request timeout", "The request took longer than the gateway allows.");

    public static void UseTimeoutAsProblem(this IReverseProxyApplicationBuilder proxy) => proxy.Use(async (context, next) =>
    {
        await next(context);
        if (context.GetForwarderErrorFeature() is not null
            && !context.Response.HasStarted
            && context.Features.Get<IHttpRequestTimeoutFeature>() is { RequestTimeoutToken.IsCancellationRequested: true })
        {
            context.Response.Clear();
            await WriteAsync(context);
        }
    });
}

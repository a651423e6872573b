using Microsoft.AspNetCore.Http.Features;
using SutazAI.Contracts;

namespace SutazAI.Gateway.Security;

/// <summary>
/// Refuses too many or too large headers with 431, and a declared body over the limit with 413, before anything
/// reaches a service. Bodies may carry 1 MiB except on the upload routes <see cref="UploadLimits"/> names; bodies
/// without a length (chunked) are capped by Kestrel as they stream. Kestrel's own header limits are set higher
/// (<see cref="KestrelHeaderCount"/>, <see cref="KestrelHeaderBytes"/>) so that this guard, which answers with a
/// problem document, is what clients normally meet.
/// </summary>
public sealed class RequestLimitsGuard(RequestDelegate next, UploadLimits uploads)
{
    public const int MaxHeaderCount = 64;
    public const int MaxHeaderBytes = 16 * 1024;
    public const int KestrelHeaderCount = 200;
    public const int KestrelHeaderBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var headerBytes = 0;
        foreach (var (name, values) in context.Request.Headers)
        {
            headerBytes += name.Length + 4 + values.Sum(value => value?.Length ?? 0);
        }

        if (context.Request.Headers.Count > MaxHeaderCount || headerBytes > MaxHeaderBytes)
        {
            await context.WriteProblemAsync(StatusCodes.Status431RequestHeaderFieldsTooLarge, ProblemTypes.HeadersTooLarge, "Request headers too large",
                $"{context.Request.Headers.Count} headers, {headerBytes} bytes; the limits are {MaxHeaderCount} headers and {MaxHeaderBytes} bytes.");
            return;
        }

        var limit = uploads.LimitFor(context.Request);
        if (context.Request.ContentLength > limit)
        {
            await DrainOrCloseAsync(context);
            await context.WriteProblemAsync(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "Request body too large",
                $"The body is {context.Request.ContentLength} bytes; the limit is {limit} bytes.");
            return;
        }

        // A route that takes uploads streams more than Kestrel's 1 MiB.
        if (limit > ProblemDetailsExtensions.MaxRequestBodyBytes && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);
    }

    /// <summary>Largest refused body the gateway still reads and discards, so a client that sends it all gets the 413 instead of a reset.</summary>
    private const long MaxDrainBytes = 128L * 1024 * 1024;

    private static async Task DrainOrCloseAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxDrainBytes
            || context.Features.Get<IHttpMaxRequestBodySizeFeature>() is not { IsReadOnly: false } limit)
        {
            context.Response.Headers.Connection = "close";
            return;
        }

        limit.MaxRequestBodySize = MaxDrainBytes;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            context.Response.Headers.Connection = "close";
        }
    }
}

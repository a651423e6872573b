using Microsoft.AspNetCore.Http.Features;
using SutazAI.Contracts;

namespace SutazAI.Gateway.Security;

/// <summary>
/// Refuses a declared body over the limit with 413 before it reaches a service. Bodies without a length
/// (chunked) are capped by Kestrel's own limit as they stream.
/// </summary>
public sealed class RequestSizeGuard(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > ProblemDetailsExtensions.MaxRequestBodyBytes)
        {
            await DrainOrCloseAsync(context);
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Type = ProblemTypes.PayloadTooLarge,
                    Title = "Request body too large",
                    Detail = $"The body is {context.Request.ContentLength} bytes; the limit is {ProblemDetailsExtensions.MaxRequestBodyBytes} bytes (1 MiB).",
                },
            });
            return;
        }

        await next(context);
    }

    /// <summary>Largest refused body the gateway still reads and discards, so a client that sends it all gets the 413 instead of a reset.</summary>
    private const long MaxDrainBytes = 16L * 1024 * 1024;

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

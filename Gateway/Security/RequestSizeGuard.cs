using SutazAI.Contracts;

namespace SutazAI.Gateway.Security;

/// <summary>
/// Refuses a declared body over the limit with 413 before reading it. Bodies without a length (chunked) are
/// capped by Kestrel's own limit as they stream.
/// </summary>
public sealed class RequestSizeGuard(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > ProblemDetailsExtensions.MaxRequestBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            // The client may still be sending; close rather than drain megabytes.
            context.Response.Headers.Connection = "close";
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
}

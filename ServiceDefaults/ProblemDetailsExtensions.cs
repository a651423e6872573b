using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using SutazAI.Contracts;
using BadHttpRequestException = Microsoft.AspNetCore.Http.BadHttpRequestException;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every error leaves a service as RFC 9457 ProblemDetails with a stable <c>type</c> and the trace id,
/// never as a stack trace or an empty body.
/// </summary>
public static class ProblemDetailsExtensions
{
    /// <summary>Largest request body any service accepts (1 MiB); larger ones get 413.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static IServiceCollection AddSutazAIProblemDetails(this IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        // Before the default writer, which would take every JSON request.
        services.AddSingleton<IProblemDetailsWriter, OpenAiErrorWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // The framework's defaults point at the RFC; clients match on this platform's stable problem types instead.
            if (context.ProblemDetails.Type is null || context.ProblemDetails.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                context.ProblemDetails.Type = TypeFor(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
            }

            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] =
                System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            // Exception details are for logs, not for clients.
            context.ProblemDetails.Extensions.Remove("exception");
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Detail = bad.Message;
            }

            if (context.Exception is RequestProblemException problem)
            {
                context.ProblemDetails.Type = problem.Type;
                context.ProblemDetails.Title = problem.Title;
            }
        });
        // After the default writer: a client whose Accept header rules out JSON still gets a problem document, not plain text.
        services.AddSingleton<IProblemDetailsWriter, FallbackProblemDetailsWriter>();
        return services;
    }

    /// <summary>Writes <c>application/problem+json</c> whatever the client accepts; used when no other writer will.</summary>
    private sealed class FallbackProblemDetailsWriter : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => true;

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            var problem = context.ProblemDetails;
            var options = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProblemDetailsOptions>>().Value;
            options.CustomizeProblemDetails?.Invoke(context);
            problem.Status ??= context.HttpContext.Response.StatusCode;
            problem.Title ??= Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(problem.Status.Value);
            return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json"));
        }
    }

    /// <summary>Answers a request from middleware (outside any endpoint) with a problem: sets the status and writes the document.</summary>
    public static Task WriteProblemAsync(this HttpContext context, int status, string type, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Type = type, Title = title, Detail = detail },
        }).AsTask();
    }

    /// <summary>The status an unhandled exception is answered with.</summary>
    internal static int StatusOf(Exception exception) => exception switch
    {
        // A malformed or oversized request is the client's fault: keep its 4xx status.
        BadHttpRequestException bad => bad.StatusCode,
        OperationCanceledException => StatusCodes.Status499ClientClosedRequest,
        // A dependency that is away (database, broker) is not a bug in the request: 503, retry later.
        System.Data.Common.DbException or TimeoutException or InvalidOperationException { InnerException: System.Data.Common.DbException } => StatusCodes.Status503ServiceUnavailable,
        // Wrapped too (EF Core's DbUpdateException): a pooled connection PostgreSQL dropped when it restarted fails
        // once; a wrapped error that is not transient (a violated constraint) stays a 500.
        _ when HasTransientDatabaseError(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static bool HasTransientDatabaseError(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Data.Common.DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Turns exceptions and bare error status codes into ProblemDetails responses.</summary>
    public static WebApplication UseSutazAIProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = StatusOf,
            // A refused request is the client's error, answered as designed: not an unhandled exception in the logs.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePages();
        return app;
    }

    private static string TypeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ProblemTypes.BadRequest,
        StatusCodes.Status401Unauthorized => ProblemTypes.Unauthorized,
        StatusCodes.Status404NotFound => ProblemTypes.NotFound,
        StatusCodes.Status403Forbidden => ProblemTypes.Forbidden,
        StatusCodes.Status408RequestTimeout => ProblemTypes.RequestTimeout,
        StatusCodes.Status409Conflict => ProblemTypes.Conflict,
        StatusCodes.Status429TooManyRequests => ProblemTypes.RateLimited,
        StatusCodes.Status431RequestHeaderFieldsTooLarge => ProblemTypes.HeadersTooLarge,
        StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ProblemTypes.UnsupportedMediaType,
        StatusCodes.Status503ServiceUnavailable => ProblemTypes.ServiceUnavailable,
        >= 500 => ProblemTypes.InternalError,
        _ => ProblemTypes.BadRequest,
    };
}

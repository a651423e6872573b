using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// One structured log line per request (method, path without query, status, duration), so every service
/// that handled a request has a record carrying its trace id. Probes and scrapes are left out.
/// </summary>
public static partial class RequestLogging
{
    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SutazAI.Requests");
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (ServiceInfo.IsProbe(path) || path.StartsWithSegments(Extensions.MetricsEndpointPath))
            {
                await next(context);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                LogRequest(logger, context.Request.Method, path.Value ?? "/", context.Response.StatusCode, elapsedMs);
            }
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} answered {StatusCode} in {ElapsedMs:F1} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, double elapsedMs);
}

using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// One structured log line per request (method, path without query, status, duration, with its trace id), at a level
/// set by what happened (<see cref="LevelOf"/>): a failure or a slow answer at Information or above, a quick success
/// at Debug (<c>Logging:LogLevel:SutazAI.Requests=Debug</c> writes every one). Every request is still a span and a
/// point of <c>http.server.request.duration</c>. Probes and scrapes are left out.
/// </summary>
public static partial class RequestLogging
{
    private const string Category = "SutazAI.Requests";

    /// <summary>An answer that took at least this long is logged whatever its status (<c>RequestLogging:SlowAfter</c>).</summary>
    private static readonly TimeSpan DefaultSlowAfter = TimeSpan.FromSeconds(1);

    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        var slowAfterMs = app.Configuration.GetValue("RequestLogging:SlowAfter", DefaultSlowAfter).TotalMilliseconds;
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
                var level = LevelOf(context.Response.StatusCode, elapsedMs, slowAfterMs);
                if (logger.IsEnabled(level))
                {
                    LogRequest(logger, level, context.Request.Method, path.Value ?? "/", context.Response.StatusCode, elapsedMs);
                }
            }
        });
        return app;
    }

    /// <summary>
    /// Server errors at Warning; client errors and slow answers at Information; quick successes at Debug: at a few
    /// hundred tasks a second a line per request was most of the platform's log volume (README, "Benchmark").
    /// </summary>
    public static LogLevel LevelOf(int statusCode, double elapsedMs, double slowAfterMs) =>
        statusCode >= 500 ? LogLevel.Warning
        : statusCode >= 400 || elapsedMs >= slowAfterMs ? LogLevel.Information
        : LogLevel.Debug;

    [LoggerMessage(Message = "HTTP {Method} {Path} answered {StatusCode} in {ElapsedMs:F1} ms")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string method, string path, int statusCode, double elapsedMs);
}

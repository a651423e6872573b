using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Cross-cutting wiring every SutazAI service shares: telemetry, health, resilience, service discovery
/// and ProblemDetails. Call <see cref="AddServiceDefaults{TBuilder}"/> first and
/// <see cref="MapDefaultEndpoints"/> last.
/// </summary>
public static class Extensions
{
    internal const string HealthEndpointPath = "/health";
    internal const string AlivenessEndpointPath = "/alive";
    private const string LiveTag = "live";

    /// <summary>Prometheus scrape path; services have no external endpoint, and the gateway serves it only on its internal one.</summary>
    public const string MetricsEndpointPath = "/metrics";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddSutazAIProblemDetails();
        builder.Services.AddServiceDiscovery();
        builder.Services.AddSingleton<InternalTokens>();
        builder.Services.AddSingleton<CallerTokens>();
        // Each service describes its endpoints at /openapi/v1.json; the gateway merges the public ones.
        builder.Services.AddOpenApi();
        builder.Services.AddHostedService<IdleMemoryTrimmer>();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        // Console logs are JSON lines that carry the trace and span ids, so one request can be followed across services.
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        // Every outgoing call is already a span and a metric; HttpClient's four lines and Polly's one per call were most
        // of an agent's log (the reviewer wrote 11,600 lines, 8.6 MB, in a 10-minute soak), StackExchange.Redis
        // wrote 42 lines for each connection it made, and EF Core one per migration command at every start. Their
        // warnings stay; a service's Logging:LogLevel:{category} (the AppHost's ServiceLogging:LogLevel:{category})
        // still chooses otherwise.
        foreach (var category in (string[])["System.Net.Http.HttpClient", "Polly", "StackExchange.Redis", "Microsoft.EntityFrameworkCore", "MassTransit"])
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
            {
                builder.Logging.AddFilter(category, LogLevel.Warning);
            }
        }

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql", "MassTransit", Telemetry.MeterName)
                // Every metric stream preallocates its limit of points on the large object heap: at the default
                // 2,000 that was 23 MB in every service (146 streams, two readers), kept for life.
                .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = Telemetry.MetricCardinalityLimit })
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, "Npgsql", Telemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation(options =>
                    // Probes would drown the real traffic.
                    options.Filter = context => !ServiceInfo.IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (ready: every check, dependencies included), <c>/alive</c> (live only), <c>/metrics</c>
    /// (Prometheus) and, unless <paramref name="openApi"/> is false, the service's <c>/openapi/v1.json</c>.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool openApi = true)
    {
        // Probes and scrapes need no identity, even where a fallback authorization policy asks for one.
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        if (openApi)
        {
            app.MapOpenApi();
        }

        if (ServiceInfo.InternalPort(app.Configuration) is { } internalPort)
        {
            // A service with a public endpoint (the gateway) serves metrics only on its internal one.
            app.UseWhen(
                context => context.Request.Path.StartsWithSegments(MetricsEndpointPath) && context.Connection.LocalPort != internalPort,
                publicPort => publicPort.Run(context =>
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }));
        }

        app.MapPrometheusScrapingEndpoint(MetricsEndpointPath).AllowAnonymous();

        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous();
        return app;
    }
}

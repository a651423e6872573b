using Microsoft.Extensions.Configuration;
using SutazAI.AppHost.Infrastructure;

namespace SutazAI.AppHost;

/// <summary>What every SutazAI service is given: the daemons, and the keys services trust each other with.</summary>
/// <param name="Infrastructure">PostgreSQL, Redis and RabbitMQ, local or in containers.</param>
/// <param name="InternalTokenKey">The key services sign their calls to each other with (<c>internal-token-key</c>).</param>
/// <param name="CallerVerifyKey">The public half of the gateway's caller-signing key (<c>caller-verify-key</c>).</param>
/// <param name="CallerSigningKey">The gateway's private key for callers' identities (<c>caller-signing-key</c>, P-256); the gateway's alone.</param>
/// <param name="TelemetryEndpoint"><c>Telemetry:OtlpEndpoint</c>, when it replaces the dashboard.</param>
/// <param name="MetricExportInterval"><c>Telemetry:MetricExportInterval</c>: how often services push metrics to the dashboard.</param>
internal sealed record PlatformServices(
    PlatformInfrastructure Infrastructure,
    IResourceBuilder<ParameterResource> InternalTokenKey,
    IResourceBuilder<ParameterResource> CallerVerifyKey,
    IResourceBuilder<ParameterResource> CallerSigningKey,
    string? TelemetryEndpoint,
    TimeSpan? MetricExportInterval);

internal static class PlatformServicesExtensions
{
    /// <summary>
    /// The keys of ServiceDefaults' CallerTokens and InternalTokens: the caller-signing key (generated, or given when
    /// publishing), its public half (derived here, or given), and the key services sign their calls with.
    /// </summary>
    public static PlatformServices AddPlatformServices(this IDistributedApplicationBuilder builder, PlatformInfrastructure infrastructure)
    {
        var serviceKey = builder.AddGeneratedSecret("internal-token-key");
        var signingKey = builder.AddGeneratedSecret("caller-signing-key", LocalSecrets.NewSigningKey);
        if (!builder.ExecutionContext.IsPublishMode && string.IsNullOrEmpty(builder.Configuration["Parameters:caller-verify-key"]))
        {
            builder.Configuration["Parameters:caller-verify-key"] = LocalSecrets.PublicKeyOf(builder.Configuration["Parameters:caller-signing-key"]!);
        }

        return new PlatformServices(infrastructure, serviceKey, builder.AddParameter("caller-verify-key"), signingKey,
            builder.Configuration["Telemetry:OtlpEndpoint"] is { Length: > 0 } endpoint ? endpoint : null,
            builder.Configuration.GetValue<TimeSpan?>("Telemetry:MetricExportInterval"));
    }

    /// <summary>
    /// A SutazAI service: an HTTP endpoint (on <paramref name="port"/> when given) with its <c>/health</c> checked, and
    /// what every service needs, given here so that no service added later can miss it: the token keys with its own
    /// name as the audience caller tokens must carry, the runtime settings of its kind, and the telemetry destination.
    /// </summary>
    public static IResourceBuilder<ServiceProgramResource> AddSutazAIService<TProject>(
        this IDistributedApplicationBuilder builder, string name, PlatformServices platform, int? port = null)
        where TProject : IProjectMetadata, new() =>
        builder.AddServiceProgram<TProject>(name)
            .WithServiceEndpoint("http", "http", port)
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Internal__TokenKey", platform.InternalTokenKey)
            .WithEnvironment("Internal__CallerVerifyKey", platform.CallerVerifyKey)
            .WithEnvironment("Internal__Audience", name)
            .WithRuntimeProfile(builder.Configuration)
            .WithServiceLogLevels(builder.Configuration)
            .WithTelemetryOverride(platform.TelemetryEndpoint, platform.MetricExportInterval);

    /// <summary>
    /// <c>ServiceLogging:LogLevel:{category}</c> of the AppHost becomes every service's <c>Logging:LogLevel:{category}</c>,
    /// e.g. <c>ServiceLogging:LogLevel:SutazAI.Requests=Debug</c> logs every request, not only failures and slow ones.
    /// </summary>
    private static IResourceBuilder<ServiceProgramResource> WithServiceLogLevels(this IResourceBuilder<ServiceProgramResource> project, IConfiguration configuration)
    {
        foreach (var level in configuration.GetSection("ServiceLogging:LogLevel").GetChildren())
        {
            project.WithEnvironment($"Logging__LogLevel__{level.Key}", level.Value ?? "");
        }

        return project;
    }

    /// <summary>
    /// <c>Telemetry:OtlpEndpoint</c> (an OTLP/HTTP collector) replaces the dashboard as the service's telemetry
    /// destination, e.g. a test's receiver; export is frequent so spans arrive within a second. <c>none</c> turns
    /// export off: without a collector the exporters would only retry and hold failed batches in memory. Without it,
    /// the dashboard keeps AddProject's settings except the metric export interval: Aspire pushes every metric
    /// stream every second in development, which kept every idle service serialising and allocating (README,
    /// "Memory"). Added after AddProject's own OTLP settings, so it runs after them and wins.
    /// </summary>
    private static IResourceBuilder<ServiceProgramResource> WithTelemetryOverride(
        this IResourceBuilder<ServiceProgramResource> project, string? endpoint, TimeSpan? metricExportInterval)
    {
        if (endpoint is null)
        {
            return metricExportInterval is { } interval
                ? project.WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", ((long)interval.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture))
                : project;
        }

        var service = project.Resource.Name;
        return project.WithEnvironment(environment =>
        {
            if (endpoint == "none")
            {
                environment.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
                return;
            }

            environment.EnvironmentVariables["OTEL_SERVICE_NAME"] = service;
            environment.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint;
            environment.EnvironmentVariables["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            environment.EnvironmentVariables["OTEL_BSP_SCHEDULE_DELAY"] = "200";
            environment.EnvironmentVariables["OTEL_BLRP_SCHEDULE_DELAY"] = "200";
            environment.EnvironmentVariables["OTEL_METRIC_EXPORT_INTERVAL"] = "5000";
        });
    }
}

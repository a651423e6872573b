using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>What a service says about itself (health report, status page) and which of its paths are operational.</summary>
public static class ServiceInfo
{
    /// <summary>Configuration key of the port of a service's internal endpoint, when it has a public one too (the gateway).</summary>
    public const string InternalPortSetting = "Telemetry:InternalPort";

    public static readonly string? Name = Assembly.GetEntryAssembly()?.GetName().Name;

    public static readonly string Version =
        Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static readonly DateTimeOffset StartedAt = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public static double UptimeSeconds => Math.Round((DateTimeOffset.UtcNow - StartedAt).TotalSeconds);

    public static int? InternalPort(IConfiguration configuration) => configuration.GetValue<int?>(InternalPortSetting);

    /// <summary>Health probes, which need no key and are neither traced nor logged.</summary>
    public static bool IsProbe(PathString path) => path.StartsWithSegments(Extensions.HealthEndpointPath) || path.StartsWithSegments(Extensions.AlivenessEndpointPath);

    /// <summary>Probes and the Prometheus scrape: asked by the platform's supervisors, open and not rate limited.</summary>
    public static bool IsOperational(PathString path) => IsProbe(path) || path.StartsWithSegments(Extensions.MetricsEndpointPath);
}

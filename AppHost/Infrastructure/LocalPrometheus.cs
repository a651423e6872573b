using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>
/// With <c>Monitoring:Prometheus=true</c> (run.sh sets it) and Debian's prometheus installed, a Prometheus that
/// scrapes every service under its resource name and evaluates deploy/monitoring's rules. Its configuration is
/// written when it starts, from the ports the services got in this run.
/// </summary>
public static class LocalPrometheus
{
    private const string Binary = "/usr/bin/prometheus";

    public static IDistributedApplicationBuilder AddLocalPrometheus(this IDistributedApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue("Monitoring:Prometheus", false) || !File.Exists(Binary))
        {
            return builder;
        }

        var folder = Path.Combine(PlatformInfrastructureExtensions.DataRoot(builder), "prometheus");
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "prometheus.yml");
        var rules = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "deploy", "monitoring", "rules"));
        var port = FreePort.Next();
        var prometheus = builder.AddExecutable("prometheus", Binary, folder,
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(folder, "data")}",
                "--storage.tsdb.retention.time=2d",
                $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}")
            .WithHttpEndpoint(port: port, targetPort: port, isProxied: false)
            .WithHttpHealthCheck("/-/ready");

        // Go's runtime settings (GOGC, GOMEMLIMIT): by default its heap doubles before a collection, which at rest
        // kept ~40 MB more than this small set of series needs (README, "Memory").
        foreach (var setting in builder.Configuration.GetSection("Monitoring:PrometheusRuntime").GetChildren().Where(s => !string.IsNullOrEmpty(s.Value)))
        {
            prometheus.WithEnvironment(setting.Key, setting.Value);
        }

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(prometheus.Resource, (_, _) =>
        {
            File.WriteAllText(config, Configuration(builder.Resources.OfType<ServiceProgramResource>(), rules));
            return Task.CompletedTask;
        });
        return builder;
    }

    /// <summary>
    /// One job per service; a service with an <c>internal</c> endpoint (the gateway) is scraped there. Its
    /// <c>instance</c> label is the service's name, not its address: ports change with every run, and each new address
    /// made every series anew (about 3,300 per start, kept in Prometheus's memory for hours).
    /// </summary>
    private static string Configuration(IEnumerable<ServiceProgramResource> services, string rules)
    {
        var text = new StringBuilder($"""
            global:
              scrape_interval: 15s
              evaluation_interval: 15s
            rule_files:
              - {rules}/*.yml
            scrape_configs:

            """);
        foreach (var service in services)
        {
            var endpoints = service.Annotations.OfType<EndpointAnnotation>().ToList();
            var endpoint = endpoints.FirstOrDefault(e => e.Name == "internal") ?? endpoints.First(e => e.Name == "http");
            var allocated = endpoint.AllocatedEndpoint ?? throw new InvalidOperationException($"{service.Name} has no port yet.");
            text.Append(CultureInfo.InvariantCulture, $"  - job_name: {service.Name}\n    static_configs: [{{ targets: [\"{allocated.Address}:{allocated.Port}\"], labels: {{ instance: {service.Name} }} }}]\n");
        }

        return text.ToString();
    }
}

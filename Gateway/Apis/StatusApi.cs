using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SutazAI.Contracts.Admin;

namespace SutazAI.Gateway.Apis;

/// <summary><c>GET /api/v1/status</c>: every service's health, version, uptime and internal metrics URL in one answer.</summary>
public static class StatusApi
{
    public const string HttpClientName = "status";

    /// <summary>
    /// The services the gateway can see: its references in the AppHost, as service discovery hands them over
    /// (<c>services:NAME:...</c>), so a service added to the AppHost and referenced by the gateway is listed with no edit here.
    /// </summary>
    public static IReadOnlyList<string> Services(IConfiguration configuration) =>
        [.. configuration.GetSection("services").GetChildren().Select(s => s.Key).Order(StringComparer.Ordinal)];

    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        var api = app.NewVersionedApi("Status").MapGroup("/api/v1/status").HasApiVersion(1.0).WithTags("Admin");
        api.MapGet("/", GetStatus).RequireAuthorization(Security.RoutePolicies.Admin).WithName("GetPlatformStatus")
            .WithSummary("Every service's health, version, uptime and internal metrics URL")
            .Produces<PlatformStatus>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/slo", GetSlo).RequireAuthorization(Security.RoutePolicies.Admin).WithName("GetServiceLevels")
            .WithSummary("The last half hour of SLO figures, one sample per 10 s: request rate, error rate, p99, LLM p99, queue backlog")
            .Produces<ServiceLevels>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    public static IResult GetSlo(Observability.SloSampler sampler) =>
        TypedResults.Ok(new ServiceLevels(Observability.SloSampler.Interval.TotalSeconds, sampler.Samples));

    public static async Task<IResult> GetStatus(IHttpClientFactory clients, IConfiguration configuration, HealthCheckService health, CancellationToken cancellationToken)
    {
        // The gateway's own checks too: it is Degraded while its rate limits are local.
        var own = await health.CheckHealthAsync(cancellationToken);
        var self = new ServiceStatus("gateway", own.Status.ToString(), ServiceInfo.Version, ServiceInfo.UptimeSeconds, InternalMetricsUrl(configuration), null,
            own.Status == HealthStatus.Healthy ? null : string.Join("; ", own.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => $"{e.Key}: {e.Value.Description}")));
        var others = await Task.WhenAll(Services(configuration).Select(name => ProbeAsync(name, clients, configuration, cancellationToken)));
        List<ServiceStatus> all = [self, .. others];
        var overall = all.Any(s => s.Status == "Unhealthy") ? "Unhealthy" : all.Any(s => s.Status != "Healthy") ? "Degraded" : "Healthy";
        return TypedResults.Ok(new PlatformStatus(overall, DateTimeOffset.UtcNow, all));
    }

    private static async Task<ServiceStatus> ProbeAsync(string name, IHttpClientFactory clients, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var metricsUrl = MetricsUrl(name, configuration);
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var response = await client.GetAsync($"http://{name}/health", timeout.Token);
            using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            var root = report.RootElement;
            return new ServiceStatus(name, root.GetProperty("status").GetString() ?? "Unknown",
                root.TryGetProperty("version", out var version) ? version.GetString() : null,
                root.TryGetProperty("uptimeSeconds", out var uptime) ? uptime.GetDouble() : null,
                metricsUrl, root.TryGetProperty("checks", out var checks) ? checks.Clone() : null, null);
        }
        catch (Exception ex) when (ServiceCalls.Unreachable(ex) || ex is OperationCanceledException or JsonException or KeyNotFoundException)
        {
            return new ServiceStatus(name, "Unhealthy", null, null, metricsUrl, null, $"No health answer: {ex.Message}");
        }
    }

    /// <summary>The service's own address as the AppHost gave it to the gateway (<c>services:{name}:http:0</c>).</summary>
    private static string? MetricsUrl(string name, IConfiguration configuration) =>
        configuration[$"services:{name}:http:0"] is { Length: > 0 } address
            ? $"{address.TrimEnd('/')}{Microsoft.Extensions.Hosting.Extensions.MetricsEndpointPath}"
            : null;

    private static string? InternalMetricsUrl(IConfiguration configuration) =>
        ServiceInfo.InternalPort(configuration) is { } port
            ? $"http://localhost:{port}{Microsoft.Extensions.Hosting.Extensions.MetricsEndpointPath}"
            : null;
}

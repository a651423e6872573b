using System.Net;
using System.Text.Json;

namespace SutazAI.EndToEnd.Tests;

/// <summary>One status answer for the whole platform; metrics only on internal endpoints, never through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class StatusAndMetricsTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_status_lists_every_service_with_health_version_uptime_and_a_working_metrics_url()
    {
        using var client = platform.Host.CreateGatewayClient();
        using var status = JsonDocument.Parse(await client.GetStringAsync("/api/v1/status"));
        var services = status.RootElement.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);

        Assert.Equal(
            ["agent-analyst", "agent-chat", "agent-coder", "agent-planner", "agent-researcher", "agent-reviewer", "gateway", "knowledge", "models", "orchestrator", "web"],
            services.Keys.Order());
        Assert.Equal("Healthy", status.RootElement.GetProperty("status").GetString());
        foreach (var (name, service) in services)
        {
            Assert.Equal("Healthy", service.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(service.GetProperty("version").GetString()), name);
            Assert.True(service.GetProperty("uptimeSeconds").GetDouble() >= 0, name);
            Assert.StartsWith("http://", service.GetProperty("metricsUrl").GetString(), StringComparison.Ordinal);
        }

        // The orchestrator's metrics URL is real and speaks Prometheus text.
        using var scraper = new HttpClient();
        var metrics = await scraper.GetStringAsync(services["orchestrator"].GetProperty("metricsUrl").GetString());
        Assert.Contains("sutazai_outbox_backlog", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_levels_count_the_api_calls_the_gateway_answered()
    {
        using var client = platform.Host.CreateGatewayClient();
        var calledAt = DateTimeOffset.UtcNow;
        for (var i = 0; i < 20; i++)
        {
            using var answer = await client.GetAsync("/api/v1/capabilities");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        // Sampled every 10 s from the gateway's own metrics; the first sample taken after the calls counts them.
        JsonElement? counted = null;
        for (var attempt = 0; attempt < 90 && counted is null; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            using var levels = JsonDocument.Parse(await client.GetStringAsync("/api/v1/status/slo"));
            counted = levels.RootElement.GetProperty("samples").EnumerateArray()
                .Where(s => s.GetProperty("at").GetDateTimeOffset() > calledAt && s.GetProperty("requestsPerSecond").GetDouble() > 0)
                .Select(s => (JsonElement?)s.Clone())
                .FirstOrDefault();
        }

        Assert.NotNull(counted);
        Assert.True(counted.Value.GetProperty("p99Ms").GetDouble() > 0);
    }

    [Fact]
    public async Task The_gateway_serves_metrics_only_on_its_internal_endpoint()
    {
        using var withKey = platform.Host.CreateGatewayClient();
        using var withoutKey = platform.Host.CreateGatewayClient(withApiKey: false);
        using var publicWithKey = await withKey.GetAsync("/metrics");
        using var publicWithoutKey = await withoutKey.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, publicWithKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publicWithoutKey.StatusCode);

        using var internalEndpoint = platform.Host.CreateServiceClient("gateway", "internal");
        var text = await internalEndpoint.GetStringAsync("/metrics");
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }
}

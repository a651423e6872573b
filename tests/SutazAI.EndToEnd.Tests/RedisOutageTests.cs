using System.Net;
using System.Text.Json;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

/// <summary>Redis is a speed-up: while it is away tasks still flow, health says Degraded, and it heals on return.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RedisOutageTests(PlatformFixture platform)
{
    [Fact]
    public async Task Tasks_complete_while_Redis_is_stopped_health_is_Degraded_and_heals_when_it_returns()
    {
        using var client = platform.Host.CreateGatewayClient();
        using var orchestrator = platform.Host.CreateOrchestratorClient();
        using var models = platform.Host.CreateServiceClient("models");

        await platform.Host.StopResourceAsync("redis-server");
        try
        {
            var tasks = await client.SubmitBatchAsync("text.sentiment",
                Enumerable.Range(0, 20).Select(i => (object)new { text = $"redis outage {i}: lovely" }));
            var done = await client.WaitAllFinalAsync(tasks, TimeSpan.FromSeconds(60));
            Assert.All(done, t => Assert.Equal(TaskState.Completed, t.Status));

            Assert.Equal("Degraded", await HealthAsync(orchestrator));
            Assert.Equal("Degraded", await HealthAsync(models));
        }
        finally
        {
            await platform.Host.StartResourceAsync("redis-server");
        }

        // Each service's Redis client reconnects on its own schedule (backoff while it was away).
        await platform.Host.WaitUntilHealthyAsync(["gateway", "orchestrator", "models"], TimeSpan.FromSeconds(60));
    }

    private static async Task<string> HealthAsync(HttpClient service)
    {
        using var response = await service.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // Degraded still serves
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("status").GetString()!;
    }
}

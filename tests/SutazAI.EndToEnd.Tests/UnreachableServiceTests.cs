using System.Net;
using System.Text.Json;
using SutazAI.Contracts;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

/// <summary>The gateway starts without waiting for the services behind it; until one answers, its routes say so.</summary>
[Collection(PlatformCollection.Name)]
public sealed class UnreachableServiceTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_route_whose_service_does_not_answer_gets_a_503_problem_with_Retry_After_and_the_gateway_stays_healthy()
    {
        // A gateway replica whose orchestrator address is a port nothing listens on: a service not started yet.
        await using var gateway = await GatewayProcess.StartAsync(platform.Host, [$"services:orchestrator:http:0=http://127.0.0.1:{GatewayProcess.FreePort()}"]);
        using var client = gateway.CreateClient(platform.Host.ApiKey);

        using var response = await client.GetAsync("/api/v1/tasks");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.ServiceUnavailable, problem.RootElement.GetProperty("type").GetString());
        Assert.Contains("orchestrator", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}

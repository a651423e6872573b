using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts.Agents;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Registry;
using SutazAI.Orchestrator.Retention;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class TaskFlowTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_sentiment_task_through_the_gateway_completes_positive()
    {
        using var client = platform.Host.CreateGatewayClient();
        using var response = await client.SubmitAsync("text.sentiment", new { text = "I love this, it works great" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<TaskView>(TaskClient.Json))!;
        Assert.Equal($"/api/v1/tasks/{accepted.Id}", response.Headers.Location?.ToString());
        Assert.Equal(TaskState.Queued, accepted.Status);

        var done = await client.WaitUntilFinalAsync(accepted.Id);
        Assert.Equal(TaskState.Completed, done.Status);
        Assert.Equal("analyst", done.Agent);
        Assert.Equal(100, done.Progress);
        Assert.Equal("positive", done.Result!.Value.GetProperty("label").GetString());
        Assert.True(done.Result.Value.GetProperty("score").GetDouble() > 0.3);
        Assert.NotNull(done.StartedAt);
        Assert.True(done.CompletedAt >= done.StartedAt);
    }

    [Fact]
    public async Task Every_analyst_skill_answers_through_the_gateway()
    {
        using var client = platform.Host.CreateGatewayClient();
        var language = await client.SubmitAcceptedAsync("text.language", new { text = "Das ist ein kleiner Test, und er ist nicht schwer." });
        var keywords = await client.SubmitAcceptedAsync("text.keywords", new { text = "Distributed task queues need durable message brokers. Message brokers store tasks.", top = 3 });
        var entities = await client.SubmitAcceptedAsync("text.entities", new { text = "Mail ada@example.org by 2025-01-31." });
        var summary = await client.SubmitAcceptedAsync("text.summary", new { text = "Cats sleep a lot. Cats hunt mice at night. Dogs bark. Cats and mice are old enemies.", sentences = 1 });

        Assert.Equal("de", (await client.WaitUntilFinalAsync(language.Id)).Result!.Value.GetProperty("language").GetString());
        Assert.Equal(3, (await client.WaitUntilFinalAsync(keywords.Id)).Result!.Value.GetProperty("keywords").GetArrayLength());
        var found = (await client.WaitUntilFinalAsync(entities.Id)).Result!.Value.GetProperty("entities").EnumerateArray()
            .Select(e => (e.GetProperty("type").GetString(), e.GetProperty("text").GetString())).ToList();
        Assert.Contains(("email", "ada@example.org"), found);
        Assert.Contains(("date", "2025-01-31"), found);
        var chosen = (await client.WaitUntilFinalAsync(summary.Id)).Result!.Value.GetProperty("sentences");
        Assert.Equal(1, chosen.GetArrayLength());
        Assert.StartsWith("Cats", chosen[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_event_stream_follows_a_task_until_it_ends()
    {
        using var client = platform.Host.CreateGatewayClient();
        var task = await client.SubmitAcceptedAsync("text.summary", new { text = string.Join(' ', Enumerable.Repeat("Agents talk over queues. The orchestrator keeps state.", 50)) });

        using var response = await client.GetAsync($"/api/v1/tasks/{task.Id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = await response.Content.ReadAsStringAsync();
        var events = stream.Split('\n').Where(line => line.StartsWith("data: ", StringComparison.Ordinal))
            .Select(line => JsonSerializer.Deserialize<TaskEvent>(line[6..], TaskClient.Json)!).ToList();

        Assert.NotEmpty(events);
        Assert.Equal(TaskState.Completed, events[^1].Status);
        Assert.Equal(100, events[^1].Progress);
        Assert.Contains("event: end", stream, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_filters_by_status_and_agent_and_pages_newest_first()
    {
        using var client = platform.Host.CreateGatewayClient();
        var first = await client.SubmitAcceptedAsync("text.sentiment", new { text = "fine" });
        var second = await client.SubmitAcceptedAsync("text.sentiment", new { text = "great" });
        await client.WaitUntilFinalAsync(first.Id);
        await client.WaitUntilFinalAsync(second.Id);

        var page = (await client.GetFromJsonAsync<PagedResult<TaskView>>("/api/v1/tasks?status=Completed&agent=analyst&page=1&pageSize=2", TaskClient.Json))!;
        Assert.Equal(2, page.Items.Count);
        Assert.Equal(second.Id, page.Items[0].Id);
        Assert.Equal(first.Id, page.Items[1].Id);
        Assert.All(page.Items, t => Assert.Equal(TaskState.Completed, t.Status));

        var none = (await client.GetFromJsonAsync<PagedResult<TaskView>>("/api/v1/tasks?agent=nobody", TaskClient.Json))!;
        Assert.Equal(0, none.Total);
    }

    [Fact]
    public async Task Agents_and_capabilities_come_from_heartbeats()
    {
        using var client = platform.Host.CreateGatewayClient();
        var agents = (await client.GetFromJsonAsync<List<AgentView>>("/api/v1/agents", TaskClient.Json))!;
        var analyst = Assert.Single(agents, a => a.Agent == "analyst");
        Assert.True(analyst.Healthy);
        Assert.Equal(5, analyst.Capabilities.Count);
        Assert.Contains(analyst.Instances, i => i.Healthy && i.MaxConcurrency > 0);
        Assert.True(analyst.Capacity > 0);
        Assert.InRange(analyst.SuccessRate, 0, 1);

        var capabilities = (await client.GetFromJsonAsync<List<CapabilityView>>("/api/v1/capabilities", TaskClient.Json))!;
        var sentiment = Assert.Single(capabilities, c => c.Name == "text.sentiment");
        Assert.Equal("object", sentiment.InputSchema.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(sentiment.Description));
    }

    [Fact]
    public async Task Instances_silent_for_longer_than_the_registry_remembers_are_not_listed_and_are_removed()
    {
        await using var db = await OrchestratorDatabase.OpenAsync(platform.Host);
        var now = DateTimeOffset.UtcNow;
        var gone = new AgentInstanceRecord
        {
            InstanceId = $"analyst-gone-{Guid.NewGuid():N}",
            Agent = "analyst",
            MaxConcurrency = 4,
            IntervalSeconds = 5,
            LastSeen = now - AgentHealth.Remembered - TimeSpan.FromMinutes(1),
        };
        db.AgentInstances.Add(gone);
        await db.SaveChangesAsync();

        using var client = platform.Host.CreateGatewayClient();
        var analyst = Assert.Single((await client.GetFromJsonAsync<List<AgentView>>("/api/v1/agents", TaskClient.Json))!, a => a.Agent == "analyst");
        Assert.DoesNotContain(analyst.Instances, i => i.InstanceId == gone.InstanceId);
        Assert.True(analyst.Healthy);

        var (_, removed) = await RetentionCleanup.RemoveExpiredAsync(db, now, CancellationToken.None);
        Assert.True(removed >= 1, $"{removed} instance(s) removed");
        Assert.False(await db.AgentInstances.AnyAsync(i => i.InstanceId == gone.InstanceId));
        Assert.True(await db.AgentInstances.AnyAsync(i => i.Agent == "analyst"), "the live analyst stays in the registry");
    }

    [Fact]
    public async Task Health_is_open_and_the_orchestrator_checks_its_dependencies()
    {
        // The public port says how the gateway is, and nothing about what is behind it.
        using var anonymous = platform.Host.CreateGatewayClient(withApiKey: false);
        var gateway = await anonymous.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal(["status"], gateway.EnumerateObject().Select(p => p.Name));
        Assert.Contains(gateway.GetProperty("status").GetString(), (string[])["Healthy", "Degraded", "Unhealthy"]);

        using var orchestrator = platform.Host.CreateOrchestratorClient();
        var health = await orchestrator.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var checks = health.GetProperty("checks").EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(checks.Count >= 4, string.Join(", ", checks));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SutazAI.Contracts.Workflows;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

/// <summary>Without an LLM the planner plans by embeddings, and the plan runs.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GoalTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_goal_is_planned_without_an_LLM_and_runs_to_completion()
    {
        using var client = platform.Host.CreateGatewayClient();
        using var response = await client.PostAsJsonAsync("/api/v1/goals", new
        {
            goal = "summarize this text, then find its keywords and detect its language",
            input = new { text = "Agents share work through queues. The orchestrator keeps every task in PostgreSQL. Queues keep tasks while agents restart. Cats like boxes." },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var accepted = JsonDocument.Parse(body).RootElement;
        Assert.Equal("embeddings", accepted.GetProperty("method").GetString());

        var steps = accepted.GetProperty("plan").GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["text.summary", "text.keywords", "text.language"], steps.Select(s => s.GetProperty("capability").GetString()));
        var summaryId = steps[0].GetProperty("id").GetString();
        Assert.All(steps.Skip(1), s => Assert.Equal([summaryId], s.GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString())));

        var done = await client.WaitUntilWorkflowEndsAsync(accepted.GetProperty("workflowId").GetGuid());
        Assert.Equal(WorkflowState.Completed, done.Status);
        Assert.Equal("en", done.Steps[2].Output!.Value.GetProperty("language").GetString());
    }

    [Fact]
    public async Task A_goal_without_text_is_refused()
    {
        using var client = platform.Host.CreateGatewayClient();
        using var response = await client.PostAsJsonAsync("/api/v1/goals", new { goal = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

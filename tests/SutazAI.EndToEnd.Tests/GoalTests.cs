using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SutazAI.Contracts.Workflows;
using SutazAI.Testing;
using Xunit.Abstractions;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// A goal answers at once with its workflow; the workflow's first step plans the rest (without an LLM: by embeddings
/// over the catalogue the goal carried), and the planned steps then run.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GoalTests(PlatformFixture platform, ITestOutputHelper output)
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
        var workflowId = accepted.GetProperty("workflowId").GetGuid();
        Assert.Equal($"/api/v1/workflows/{workflowId}", response.Headers.Location?.OriginalString);

        var done = await client.WaitUntilWorkflowEndsAsync(workflowId);
        Assert.Equal(WorkflowState.Completed, done.Status);
        var plan = done.Steps[0];
        Assert.Equal(("plan", "plan.create", accepted.GetProperty("planTaskId").GetGuid()), (plan.Id, plan.Capability, plan.TaskId!.Value));
        Assert.Equal("embeddings", plan.Output!.Value.GetProperty("method").GetString());

        var planned = done.Steps.Skip(1).ToList();
        Assert.Equal(["text.summary", "text.keywords", "text.language"], planned.Select(s => s.Capability));
        Assert.All(planned.Skip(1), s => Assert.Equal([planned[0].Id], s.DependsOn));
        Assert.Equal("en", planned[2].Output!.Value.GetProperty("language").GetString());
    }

    [Fact]
    public async Task Fifty_goals_are_each_answered_before_their_planning_is_done()
    {
        using var client = platform.Host.CreateGatewayClient();
        var latencies = new List<double>();
        var workflows = new List<Guid>();
        for (var i = 0; i < 50; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsJsonAsync("/api/v1/goals", new { goal = "detect the language of this text", input = new { text = $"The weather is lovely today and we are going for walk number {i}." } });
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            workflows.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("workflowId").GetGuid());
        }

        latencies.Sort();
        var p99 = latencies[(int)Math.Ceiling(0.99 * latencies.Count) - 1];
        output.WriteLine($"[goals] POST /api/v1/goals over 50 goals: p50 {latencies[24]:F0} ms, p99 {p99:F0} ms");
        Console.WriteLine($"[goals] POST /api/v1/goals over 50 goals: p50 {latencies[24]:F0} ms, p99 {p99:F0} ms");
        // The answer does not wait for the planner (which took seconds when it was awaited): a loose bound for a busy CI machine.
        Assert.True(p99 < 3000, $"p99 {p99:F0} ms");

        foreach (var id in workflows)
        {
            var done = await client.WaitUntilWorkflowEndsAsync(id, TimeSpan.FromMinutes(3));
            Assert.Equal(WorkflowState.Completed, done.Status);
            Assert.Equal("en", done.Steps.Single(s => s.Capability == "text.language").Output!.Value.GetProperty("language").GetString());
        }
    }

    [Fact]
    public async Task A_goal_without_text_is_refused()
    {
        using var client = platform.Host.CreateGatewayClient();
        using var response = await client.PostAsJsonAsync("/api/v1/goals", new { goal = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SutazAI.Contracts.Workflows;
using SutazAI.Testing;

namespace SutazAI.Llm.Tests;

/// <summary>With an LLM the planner asks it for JSON, repairs one invalid answer, and the plan runs as the goal's further steps.</summary>
[Collection(LlmPlatformCollection.Name)]
public sealed class PlannerLlmTests(LlmPlatformFixture platform)
{
    private const string ValidPlan = """
        {"name":"mood of the text","steps":[
          {"id":"mood","capability":"text.sentiment","input":{"text":"${input.text}"}},
          {"id":"lang","capability":"text.language","input":{"text":"${input.text}"}}]}
        """;

    [Fact]
    public async Task The_LLM_plan_is_repaired_once_and_run()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = request =>
        {
            if (!FakeOllama.IsPlanning(request))
            {
                return FakeReply.Text("unrelated");
            }

            return request["messages"]!.AsArray().Count > 2
                ? FakeReply.Text($"```json\n{ValidPlan}\n```")
                : FakeReply.Text("""{"name":"broken","steps":[{"id":"x","capability":"text.telepathy","input":{}}]}""");
        };
        using var client = platform.Host.CreateGatewayClient();

        using var response = await client.PostAsJsonAsync("/api/v1/goals", new { goal = "tell me the mood and the language", input = new { text = "I adore this lovely little café." } });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var accepted = JsonDocument.Parse(body).RootElement;

        var done = await client.WaitUntilWorkflowEndsAsync(accepted.GetProperty("workflowId").GetGuid());
        Assert.Equal(WorkflowState.Completed, done.Status);
        Assert.Equal("llm", done.Steps.Single(s => s.Id == "plan").Output!.Value.GetProperty("method").GetString());
        var planning = platform.Ollama.Requests.Where(FakeOllama.IsPlanning).ToList();
        Assert.Equal(2, planning.Count);
        Assert.Contains("text.telepathy", planning[^1]["messages"]!.AsArray()[^1]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("positive", done.Steps.Single(s => s.Id == "mood").Output!.Value.GetProperty("label").GetString());
    }
}

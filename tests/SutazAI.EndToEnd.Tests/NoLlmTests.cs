using System.Diagnostics;
using SutazAI.Contracts;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

/// <summary>With no LLM configured the platform still works; LLM skills fail fast with a clear problem.</summary>
[Collection(PlatformCollection.Name)]
public sealed class NoLlmTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("chat.message", """{"message":"hello"}""")]
    [InlineData("code.generate", """{"language":"csharp","instruction":"Write a hello world program."}""")]
    public async Task LLM_skills_fail_quickly_with_llm_unavailable(string capability, string input)
    {
        using var client = platform.Host.CreateGatewayClient();
        var watch = Stopwatch.StartNew();
        var task = await client.SubmitAcceptedAsync(capability, System.Text.Json.JsonDocument.Parse(input).RootElement);
        var done = await client.WaitUntilFinalAsync(task.Id);
        watch.Stop();

        Assert.Equal(TaskState.Failed, done.Status);
        Assert.Equal(ProblemTypes.LlmUnavailable, done.Error!.Type);
        Assert.Null(done.Result);
        // No retries and no waiting for the 5-minute skill timeout: far under a tenth of it.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"{capability} took {watch.Elapsed.TotalMilliseconds:F0} ms to fail");
    }

    [Fact]
    public async Task Code_review_works_without_an_LLM_and_finds_the_planted_defects()
    {
        using var client = platform.Host.CreateGatewayClient();
        var task = await client.SubmitAcceptedAsync("code.review", new { language = "csharp", code = PlantedDefects.Code });
        var done = await client.WaitUntilFinalAsync(task.Id);

        Assert.Equal(TaskState.Completed, done.Status);
        var result = done.Result!.Value;
        var rules = result.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "empty-catch", "async-void", "unused-variable", "high-complexity" }, rules);
        Assert.Null(result.GetProperty("review").GetString());
        Assert.Contains("LLM", result.GetProperty("reviewUnavailable").GetString(), StringComparison.Ordinal);
        Assert.InRange(result.GetProperty("score").GetInt32(), 0, 99);
    }

    [Fact]
    public async Task Models_say_no_LLM_is_configured()
    {
        using var client = platform.Host.CreateGatewayClient();
        var view = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(client, "/api/v1/models");
        Assert.False(view.GetProperty("configured").GetBoolean());
        Assert.False(view.GetProperty("available").GetBoolean());
    }
}

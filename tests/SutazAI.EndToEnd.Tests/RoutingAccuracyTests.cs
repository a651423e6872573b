using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;
using Xunit.Abstractions;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// Routing by meaning measured on requests written for the purpose (<see cref="RoutingPhrasings"/>), without an
/// LLM: the platform must send at least nine in ten where they belong.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RoutingAccuracyTests(PlatformFixture platform, ITestOutputHelper output)
{
    public const double RequiredAccuracy = 0.9;

    [Fact]
    public async Task Nine_in_ten_requests_in_words_reach_the_capability_they_are_for()
    {
        using var client = platform.Host.CreateGatewayClient();
        var result = await RoutingEvaluation.MeasureAsync(client);
        output.WriteLine($"routing accuracy without an LLM: {result.Accuracy:P1} of {result.Total}");
        foreach (var route in result.Routes)
        {
            output.WriteLine(route);
        }

        Assert.True(result.Accuracy >= RequiredAccuracy, $"{result.Accuracy:P1}:\n{string.Join("\n", result.Misses)}");
    }

    [Fact]
    public async Task A_question_about_ones_documents_is_routed_to_the_researcher_with_the_text_as_its_question()
    {
        using var client = platform.Host.CreateGatewayClient();
        var task = await client.SubmitAcceptedAsync("auto", new { text = "what do my documents say about the parking rules" });

        Assert.Equal("knowledge.answer", task.Capability);
        var done = await client.WaitUntilFinalAsync(task.Id, TimeSpan.FromMinutes(2));
        Assert.True(done.Status == TaskState.Completed, $"{done.Status} {done.Error?.Detail}\n{await platform.Host.LogsAsync("agent-researcher")}");
        Assert.Equal("what do my documents say about the parking rules", done.Input!.Value.GetProperty("question").GetString());
        Assert.False(done.Result!.Value.GetProperty("usedLlm").GetBoolean());
    }

    [Fact]
    public async Task An_empty_request_to_route_is_refused()
    {
        using var client = platform.Host.CreateGatewayClient();
        using var response = await client.PostAsync("/api/v1/capabilities/route", JsonContent.Create(new { text = "  " }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        _ = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using SutazAI.Contracts.Knowledge;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;
using Xunit.Abstractions;

namespace SutazAI.Llm.Tests;

/// <summary>
/// Questions answered from one's own documents through the fake Ollama: the answer follows the documents even where
/// they contradict common knowledge, cites the passage it came from, and a wrong citation is sent back to be fixed.
/// </summary>
[Collection(LlmPlatformCollection.Name)]
public sealed partial class KnowledgeAnswerTests(LlmPlatformFixture platform, ITestOutputHelper output)
{
    private const string MoonFact = "The 2031 lunar survey concluded that the Moon is made of green basalt cheese mined from the Tycho crater.";

    [Fact]
    public async Task An_answer_follows_the_documents_over_common_knowledge_and_cites_them()
    {
        platform.Ollama.Reset();
        using var client = platform.Host.CreateGatewayClient();
        var collection = $"facts-{Guid.NewGuid():N}"[..20];
        var moon = await AddAsync(client, collection, "moon survey", $"Lunar geology notes\n\n{MoonFact}\n\nThe survey team counted 41 craters on the far side.");
        await AddAsync(client, collection, "city trivia", "The Eiffel Tower was moved to Lyon in 2029 to make room for a park.");

        // The fake LLM answers as an obedient model would: from the excerpt about the Moon, citing its number.
        platform.Ollama.Responder = request =>
        {
            var prompt = FakeOllama.LastUserText(request);
            var number = Excerpt().Matches(prompt).First(m => m.Groups[2].Value.Contains("Moon", StringComparison.Ordinal)).Groups[1].Value;
            return new FakeReply(["According to your documents, ", "the Moon is made of green basalt cheese ", $"[{number}]."]);
        };

        using var response = await client.PostAsJsonAsync("/api/v1/knowledge/ask", new AskRequest("What is the Moon made of?", collection));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<KnowledgeAnswer>())!;
        output.WriteLine(answer.Answer);

        Assert.True(answer.UsedLlm);
        Assert.Contains("green basalt cheese", answer.Answer, StringComparison.Ordinal);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal((moon, "moon survey"), (citation.DocumentId, citation.DocumentName));
        Assert.Contains($"[{citation.N}]", answer.Answer, StringComparison.Ordinal);

        // The LLM was told the documents outrank what it believes, and got the passage to answer from.
        var messages = platform.Ollama.Requests[^1]["messages"]!.AsArray();
        Assert.Contains("documents are the authority", messages[0]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(MoonFact, messages[1]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        // The cited passage opens with its neighbours.
        var passage = await client.GetFromJsonAsync<PassageView>($"/api/v1/knowledge/chunks/{citation.ChunkId}");
        Assert.Contains(MoonFact, passage!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_citation_of_an_excerpt_that_does_not_exist_is_sent_back_and_then_set_aside()
    {
        platform.Ollama.Reset();
        using var client = platform.Host.CreateGatewayClient();
        var collection = $"facts-{Guid.NewGuid():N}"[..20];
        var moon = await AddAsync(client, collection, "moon survey", MoonFact);

        // First a made-up citation, then, asked to correct it, still none: the answer falls back to quoting.
        platform.Ollama.Responder = request => FakeOllama.LastUserText(request).StartsWith("That answer cannot be checked", StringComparison.Ordinal)
            ? FakeReply.Text("It is cheese, trust me.")
            : FakeReply.Text("The Moon is cheese [7].");
        var task = await client.SubmitAcceptedAsync("knowledge.answer", new { question = "What is the Moon made of?", collection });
        var done = await client.WaitUntilFinalAsync(task.Id, TimeSpan.FromMinutes(2));

        Assert.Equal(TaskState.Completed, done.Status);
        var answer = System.Text.Json.JsonSerializer.Deserialize<KnowledgeAnswer>(done.Result!.Value, System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.False(answer.UsedLlm);
        Assert.Contains("set aside", answer.Note, StringComparison.Ordinal);
        Assert.Contains("green basalt cheese", answer.Answer, StringComparison.Ordinal);
        Assert.Equal(moon, Assert.Single(answer.Citations).DocumentId);
        Assert.Equal(2, platform.Ollama.Requests.Count);
        Assert.Contains("[7]", FakeOllama.LastUserText(platform.Ollama.Requests[1]), StringComparison.Ordinal);
    }

    /// <summary>A measurement (40 s here: the LLM is asked on close calls), run by scripts/routing-accuracy.sh.</summary>
    [RoutingMeasurement]
    public async Task Routing_stays_accurate_with_an_LLM_that_answers_nonsense()
    {
        platform.Ollama.Reset();
        using var client = platform.Host.CreateGatewayClient();
        var result = await RoutingEvaluation.MeasureAsync(client);
        output.WriteLine($"routing accuracy with the fake LLM (echoing): {result.Accuracy:P1} of {result.Total}");
        foreach (var route in result.Routes)
        {
            output.WriteLine(route);
        }

        Assert.True(result.Accuracy >= 0.9, string.Join("\n", result.Misses));
    }

    private static async Task<Guid> AddAsync(HttpClient client, string collection, string name, string text)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/knowledge/documents", new TextDocumentRequest(collection, name, text));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var document = (await response.Content.ReadFromJsonAsync<DocumentAccepted>())!.Document;
        Assert.Equal(TaskState.Completed, (await client.WaitUntilFinalAsync(document.TaskId!.Value, TimeSpan.FromMinutes(2))).Status);
        return document.Id;
    }

    /// <summary>An excerpt of the prompt: its number, then its text up to the next excerpt or the question.</summary>
    [GeneratedRegex(@"^\[(\d+)\] [^\n]*\n(.*?)(?=\n\n\[\d+\] |\n\nQuestion: )", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Excerpt();
}

/// <summary>A measurement kept out of the suite for time; scripts/routing-accuracy.sh runs it.</summary>
public sealed class RoutingMeasurementAttribute : FactAttribute
{
    public const string Switch = "SUTAZAI_ROUTING_ACCURACY";

    public RoutingMeasurementAttribute()
    {
        if (Environment.GetEnvironmentVariable(Switch) != "1")
        {
            Skip = $"A measurement: scripts/routing-accuracy.sh runs it ({Switch}=1).";
        }
    }
}

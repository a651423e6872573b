using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SutazAI.Contracts;
using SutazAI.Testing;

namespace SutazAI.Llm.Tests;

/// <summary>The models service in front of a fake Ollama: cache, slots, priority, budgets, outages, embeddings.</summary>
[Collection(LlmPlatformCollection.Name)]
public sealed class ModelsServiceTests(LlmPlatformFixture platform)
{
    private FakeOllama Ollama => platform.Ollama;

    [Fact]
    public async Task Two_identical_temperature_0_requests_reach_Ollama_once()
    {
        Ollama.Reset();
        Ollama.Responder = _ => FakeReply.Text("cached answer");
        using var models = platform.Host.CreateAgentClient("models");
        var prompt = $"what is two plus two? {Guid.NewGuid()}";

        using var first = await models.SendAsync(OllamaRequests.Chat(prompt));
        using var second = await models.SendAsync(OllamaRequests.Chat(prompt));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cached answer", a.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(a.GetRawText(), b.GetRawText());
        Assert.Single(Ollama.Requests, r => FakeOllama.LastUserText(r) == prompt);

        using var warm = await models.SendAsync(OllamaRequests.Chat(prompt, temperature: 0.8));
        Assert.Equal(2, Ollama.Requests.Count(r => FakeOllama.LastUserText(r) == prompt));
    }

    [Fact]
    public async Task With_one_slot_Ollama_never_sees_two_generations_at_once()
    {
        Ollama.Reset();
        Ollama.Responder = _ => new FakeReply(["slow ", "answer"], TimeSpan.FromMilliseconds(150));
        using var models = platform.Host.CreateAgentClient("models");

        var calls = Enumerable.Range(0, 4).Select(async i =>
        {
            using var response = await models.SendAsync(OllamaRequests.Chat($"parallel {i}", temperature: 0.7));
            return response.StatusCode;
        }).ToList();
        var statuses = await Task.WhenAll(calls);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(4, Ollama.Requests.Count);
        Assert.Equal(1, Ollama.MaxConcurrent);
    }

    [Fact]
    public async Task A_priority_9_request_waiting_behind_priority_1_requests_is_served_first()
    {
        Ollama.Reset();
        Ollama.Responder = request => FakeOllama.LastUserText(request) == "blocker"
            ? new FakeReply(["busy"], TimeSpan.FromMilliseconds(1500))
            : new FakeReply(["ok"], TimeSpan.FromMilliseconds(50));
        using var models = platform.Host.CreateAgentClient("models");

        var blocker = models.SendAsync(OllamaRequests.Chat("blocker", temperature: 0.5));
        await WaitUntilAsync(() => Ollama.Requests.Any(r => FakeOllama.LastUserText(r) == "blocker"));
        var low = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 3; i++)
        {
            low.Add(models.SendAsync(OllamaRequests.Chat($"low {i}", temperature: 0.5, priority: 1, requester: "key-low")));
            await Task.Delay(100);
        }

        var high = models.SendAsync(OllamaRequests.Chat("high", temperature: 0.5, priority: 9, requester: "key-high"));
        var responses = await Task.WhenAll([blocker, .. low, high]);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var order = Ollama.Requests.Select(FakeOllama.LastUserText).ToList();
        Assert.Equal(["blocker", "high"], order.Take(2));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_spent_budget_stops_that_key_with_429_while_other_keys_go_on()
    {
        Ollama.Reset();
        Ollama.Responder = _ => FakeReply.Text("fine", promptTokens: 60, completionTokens: 60);
        using var models = platform.Host.CreateAgentClient("models");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            using var response = await models.SendAsync(OllamaRequests.Chat($"budget {i}", temperature: 0.5, numPredict: 50, requester: LlmPlatformFixture.BudgetedRequester));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(ProblemTypes.BudgetExhausted, problem.GetProperty("type").GetString());
            }
        }

        // 400 tokens at 120 a call: three calls pass, the fourth would overspend.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        using var other = await models.SendAsync(OllamaRequests.Chat("other key", temperature: 0.5, numPredict: 50, requester: "key-other"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task While_Ollama_is_down_calls_fail_fast_with_the_problem_and_recover_when_it_returns()
    {
        Ollama.Reset();
        Ollama.Responder = _ => FakeReply.Text("back");
        using var models = platform.Host.CreateAgentClient("models");
        await Ollama.StopAsync();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await models.SendAsync(OllamaRequests.Chat($"down {i}", temperature: 0.5));
                watch.Stop();
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(ProblemTypes.LlmUnavailable, problem.GetProperty("type").GetString());
                // Fast against the 10-minute LLM request timeout: no waiting on a dead connection.
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"call {i} took {watch.Elapsed}");
            }
        }
        finally
        {
            await Ollama.StartAgainAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpStatusCode status;
        do
        {
            await Task.Delay(500);
            using var response = await models.SendAsync(OllamaRequests.Chat("up again", temperature: 0.5));
            status = response.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Embeddings_are_computed_locally_and_similar_sentences_are_closer()
    {
        using var models = platform.Host.CreateAgentClient("models");
        using var response = await models.PostAsJsonAsync("/api/embed", new
        {
            input = new[] { "The cat sits on the mat.", "A kitten is lying on the rug.", "Quarterly revenue grew by four percent." },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var vectors = body.GetProperty("embeddings").EnumerateArray().Select(v => v.EnumerateArray().Select(x => x.GetSingle()).ToArray()).ToList();

        Assert.Equal(3, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(384, v.Length));
        Assert.True(Cosine(vectors[0], vectors[1]) > Cosine(vectors[0], vectors[2]) + 0.2);
    }

    [Fact]
    public async Task Models_through_the_gateway_list_what_Ollama_has_and_whether_the_default_is_present()
    {
        using var gateway = platform.Host.CreateGatewayClient();
        var view = await gateway.GetFromJsonAsync<JsonElement>("/api/v1/models");
        Assert.True(view.GetProperty("available").GetBoolean());
        Assert.Equal("llama3.2", view.GetProperty("defaultModel").GetString());
        Assert.True(view.GetProperty("defaultPresent").GetBoolean());
        Assert.Contains(view.GetProperty("models").EnumerateArray(), m => m.GetProperty("name").GetString() == "llama3.2:latest");
    }

    [Fact]
    public async Task Generate_streams_NDJSON_chunks_ending_with_token_counts()
    {
        Ollama.Reset();
        Ollama.Responder = _ => new FakeReply(["Once ", "upon ", "a time"], TimeSpan.FromMilliseconds(20), PromptTokens: 7, CompletionTokens: 3);
        using var models = platform.Host.CreateAgentClient("models");
        using var response = await models.PostAsJsonAsync("/api/generate", new { model = "llama3.2", prompt = "Tell a story", stream = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal("Once upon a time", string.Concat(lines.Select(l => l.GetProperty("response").GetString())));
        var last = lines[^1];
        Assert.True(last.GetProperty("done").GetBoolean());
        Assert.Equal(7, last.GetProperty("prompt_eval_count").GetInt32());
        Assert.Equal(3, last.GetProperty("eval_count").GetInt32());
    }

    [Fact]
    public async Task An_error_from_Ollama_becomes_a_502_problem_with_its_message()
    {
        Ollama.Reset();
        Ollama.Responder = _ => new FakeReply(["model \"nope\" not found, try pulling it first"], Status: 404);
        using var models = platform.Host.CreateAgentClient("models");
        using var response = await models.SendAsync(OllamaRequests.Chat("anything", temperature: 0.5));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ProblemTypes.LlmFailed, problem.GetProperty("type").GetString());
        Assert.Contains("not found", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_LLM_requests_get_400_problems()
    {
        using var models = platform.Host.CreateAgentClient("models");
        using var empty = await models.PostAsJsonAsync("/api/chat", new { model = "llama3.2", messages = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using var broken = await models.PostAsync("/api/chat", new StringContent("{\"messages\": [", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        using var embed = await models.PostAsJsonAsync("/api/embed", new { input = 42 });
        Assert.Equal(HttpStatusCode.BadRequest, embed.StatusCode);
    }

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met in time.");
            await Task.Delay(20);
        }
    }
}

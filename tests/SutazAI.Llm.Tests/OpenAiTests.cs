using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using SutazAI.Contracts.Auth;
using SutazAI.Testing;
using AiMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatFinishReason = OpenAI.Chat.ChatFinishReason;
using ChatResponseFormat = OpenAI.Chat.ChatResponseFormat;

namespace SutazAI.Llm.Tests;

/// <summary>
/// The OpenAI-compatible API at the gateway, driven by OpenAI's own .NET SDK and by Microsoft.Extensions.AI's
/// <see cref="IChatClient"/> over it, with the fake Ollama behind the models service.
/// </summary>
[Collection(LlmPlatformCollection.Name)]
public sealed class OpenAiTests(LlmPlatformFixture platform)
{
    private const string Model = "llama3.2";

    private FakeOllama Ollama => platform.Ollama;

    [Fact]
    public async Task A_completion_through_the_OpenAI_SDK_carries_every_message_and_reports_the_models_usage()
    {
        Ollama.Reset();
        Ollama.Responder = _ => FakeReply.Text("Bonjour.", promptTokens: 12, completionTokens: 3);
        var client = ChatClient(platform.Host.ApiKey);

        ChatCompletion completion = await client.CompleteChatAsync(
            [new SystemChatMessage("Answer in French."), new UserChatMessage("Say hello."), new AssistantChatMessage("Salut."), new UserChatMessage("Again, politely.")],
            new ChatCompletionOptions { Temperature = 0.3f, TopP = 0.9f, MaxOutputTokenCount = 64, StopSequences = { "\n\n" } });

        Assert.Equal("Bonjour.", completion.Content.Single().Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal((12, 3, 15), (completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount));
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);

        var sent = Assert.Single(Ollama.Requests);
        Assert.Equal(["system", "user", "assistant", "user"], sent["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("Again, politely.", FakeOllama.LastUserText(sent));
        var options = sent["options"]!;
        Assert.Equal(0.3, options["temperature"]!.GetValue<double>(), 3);
        Assert.Equal(0.9, options["top_p"]!.GetValue<double>(), 3);
        Assert.Equal(64, options["num_predict"]!.GetValue<int>());
        Assert.Equal("\n\n", options["stop"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Deterministic_completions_are_answered_from_the_cache_and_others_are_not()
    {
        Ollama.Reset();
        Ollama.Responder = _ => FakeReply.Text("Always the same.");
        var client = ChatClient(platform.Host.ApiKey);
        var prompt = $"cache me {Guid.NewGuid()}";

        ChatCompletion first = await client.CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { Temperature = 0 });
        ChatCompletion second = await client.CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { Temperature = 0 });
#pragma warning disable OPENAI001 // The SDK marks Seed experimental; the API's seed is what is tested here.
        await client.CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { Seed = 42, Temperature = 0.7f });
        await client.CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { Seed = 42, Temperature = 0.7f });
#pragma warning restore OPENAI001
        await client.CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { Temperature = 0.7f });

        Assert.Equal("Always the same.", second.Content.Single().Text);
        Assert.Equal(first.Id, second.Id);
        // Temperature 0 once, seed 42 once, and the sampled one every time.
        Assert.Equal(3, Ollama.Requests.Count(r => FakeOllama.LastUserText(r) == prompt));
    }

    [Fact]
    public async Task A_streamed_completion_arrives_chunk_by_chunk_and_ends_with_its_usage()
    {
        Ollama.Reset();
        Ollama.Responder = _ => new FakeReply(["one ", "two ", "three"], ChunkDelay: TimeSpan.FromMilliseconds(400), PromptTokens: 7, CompletionTokens: 3);
        var client = ChatClient(platform.Host.ApiKey);

        var clock = Stopwatch.StartNew();
        var pieces = new List<(string Text, TimeSpan At)>();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("count")], new ChatCompletionOptions { Temperature = 0.5f }))
        {
            pieces.AddRange(update.ContentUpdate.Where(p => p.Text.Length > 0).Select(p => (p.Text, clock.Elapsed)));
            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal("one two three", string.Concat(pieces.Select(p => p.Text)));
        Assert.Equal(3, pieces.Count);
        // The fake waits 400 ms before each piece: pieces that arrived together would be one buffered answer.
        Assert.True(pieces[^1].At - pieces[0].At >= TimeSpan.FromMilliseconds(600), $"pieces arrived at {string.Join(", ", pieces.Select(p => p.At))}");
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal((7, 3), (usage.InputTokenCount, usage.OutputTokenCount));
    }

    [Fact]
    public async Task A_json_schema_response_format_reaches_Ollama_as_its_structured_output_format()
    {
        Ollama.Reset();
        Ollama.Responder = _ => FakeReply.Text("""{"city":"Paris","population":2100000}""");
        var client = ChatClient(platform.Host.ApiKey);
        const string Schema = """{"type":"object","properties":{"city":{"type":"string"},"population":{"type":"integer"}},"required":["city","population"],"additionalProperties":false}""";

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("The capital of France?")], new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("city", BinaryData.FromString(Schema), jsonSchemaIsStrict: true),
            Temperature = 0.5f,
        });

        using var answer = JsonDocument.Parse(completion.Content.Single().Text);
        Assert.Equal("Paris", answer.RootElement.GetProperty("city").GetString());
        var format = Assert.Single(Ollama.Requests)["format"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Schema), format), $"Ollama got the format {format.ToJsonString()}");

        Ollama.Reset();
        Ollama.Responder = _ => FakeReply.Text("""{"ok":true}""");
        await client.CompleteChatAsync([new UserChatMessage("Any JSON.")], new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() });
        Assert.Equal("json", Assert.Single(Ollama.Requests)["format"]!.GetValue<string>());
    }

    [Fact]
    public async Task Microsoft_Extensions_AI_chats_and_sees_the_tool_calls_the_model_makes()
    {
        Ollama.Reset();
        var chat = ChatClient(platform.Host.ApiKey).AsIChatClient();

        Ollama.Responder = _ => FakeReply.Text("Hello from the platform.");
        var reply = await chat.GetResponseAsync("Hello?");
        Assert.Equal("Hello from the platform.", reply.Text);

        Ollama.Reset();
        Ollama.Responder = _ => FakeReply.ToolCall("get_weather", """{"city":"Oslo"}""");
        var weather = AIFunctionFactory.Create((string city) => $"Snow in {city}.", "get_weather", "The weather in a city.");
        var call = await chat.GetResponseAsync("Weather in Oslo?", new ChatOptions { Tools = [weather] });

        var requested = Assert.Single(call.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", requested.Name);
        Assert.Equal("Oslo", requested.Arguments!["city"]!.ToString());
        Assert.Equal(Microsoft.Extensions.AI.ChatFinishReason.ToolCalls, call.FinishReason);
        var tool = Assert.Single(Ollama.Requests)["tools"]!.AsArray().Single()!;
        Assert.Equal("get_weather", tool["function"]!["name"]!.GetValue<string>());
        Assert.Equal("string", tool["function"]!["parameters"]!["properties"]!["city"]!["type"]!.GetValue<string>());

        // The tool's result goes back as a tool message that Ollama sees with the tool's name.
        Ollama.Reset();
        Ollama.Responder = _ => FakeReply.Text("It snows in Oslo.");
        List<AiMessage> conversation = [new(ChatRole.User, "Weather in Oslo?"), .. call.Messages, new(ChatRole.Tool, [new FunctionResultContent(requested.CallId, "Snow in Oslo.")])];
        var followUp = await chat.GetResponseAsync(conversation, new ChatOptions { Tools = [weather] });
        Assert.Equal("It snows in Oslo.", followUp.Text);
        var toolMessage = Assert.Single(Ollama.Requests)["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "tool")!;
        Assert.Equal("get_weather", toolMessage["tool_name"]!.GetValue<string>());
        Assert.Contains("Snow in Oslo.", toolMessage["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embeddings_through_the_OpenAI_SDK_equal_the_models_services_own()
    {
        string[] texts = ["The cat sat on the mat.", "Stock markets fell sharply today."];
        var client = new EmbeddingClient("all-minilm-l6-v2", new ApiKeyCredential(platform.Host.ApiKey), Options());

        OpenAIEmbeddingCollection embeddings = await client.GenerateEmbeddingsAsync(texts);

        using var models = platform.Host.CreateAgentClient("models");
        using var own = await models.PostAsJsonAsync("/api/embed", new { input = texts });
        var expected = (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("embeddings").EnumerateArray()
            .Select(v => v.EnumerateArray().Select(x => x.GetSingle()).ToArray()).ToList();
        Assert.Equal(2, embeddings.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(i, embeddings[i].Index);
            Assert.Equal(expected[i], embeddings[i].ToFloats().ToArray());
        }

        // The SDK asks for base64; a client asking for floats gets the same numbers as JSON.
        using var gateway = platform.Host.CreateGatewayClient();
        using var floats = await gateway.PostAsJsonAsync("/v1/embeddings", new { input = texts[0], model = "any", encoding_format = "float" });
        var vector = (await floats.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(x => x.GetSingle());
        Assert.Equal(expected[0], vector.ToArray());
    }

    [Fact]
    public async Task The_models_are_listed_and_an_unknown_one_is_a_404_in_OpenAIs_shape()
    {
        var client = new OpenAIClient(new ApiKeyCredential(platform.Host.ApiKey), Options()).GetOpenAIModelClient();

        var models = (await client.GetModelsAsync()).Value;

        Assert.Contains(models, m => m.Id == "llama3.2:latest" && m.OwnedBy == "ollama");
        Assert.Contains(models, m => m.Id == "all-minilm-l6-v2");
        Assert.Equal("llama3.2:latest", (await client.GetModelAsync("llama3.2")).Value.Id);
        var missing = await Assert.ThrowsAsync<ClientResultException>(() => client.GetModelAsync("no-such-model"));
        Assert.Equal(404, missing.Status);
        AssertOpenAiError(missing, "invalid_request_error", "model_not_found");
    }

    [Fact]
    public async Task A_bad_key_is_a_401_and_a_bad_request_a_400_in_OpenAIs_shape()
    {
        var unknown = await Assert.ThrowsAsync<ClientResultException>(() => ChatClient("sk_not-a-real-key-0123456789").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(401, unknown.Status);
        AssertOpenAiError(unknown, "invalid_request_error", "invalid_api_key");

        var tooHot = await Assert.ThrowsAsync<ClientResultException>(() =>
            ChatClient(platform.Host.ApiKey).CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { Temperature = 3 }));
        Assert.Equal(400, tooHot.Status);
        AssertOpenAiError(tooHot, "invalid_request_error", "validation_failed");
    }

    [Fact]
    public async Task Past_the_rate_limit_the_SDK_gets_a_429_in_OpenAIs_shape_with_Retry_After()
    {
        Ollama.Reset();
        await using var gateway = await GatewayProcess.StartAsync(platform.Host, ["Gateway:RateLimits:Llm:PermitLimit=3", "Gateway:RateLimits:Llm:Window=00:10:00",
            $"Gateway:RateLimits:KeyPrefix=openai-test-{Guid.NewGuid():N}"]);
        var client = new ChatClient(Model, new ApiKeyCredential(platform.Host.ApiKey), Options(new Uri(gateway.Address, "/v1")));

        for (var i = 0; i < 3; i++)
        {
            await client.CompleteChatAsync([new UserChatMessage($"within the limit {i}")]);
        }

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("one too many")]));
        Assert.Equal(429, refused.Status);
        AssertOpenAiError(refused, "requests", "rate_limit_exceeded");
        Assert.True(refused.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retryAfter) && int.Parse(retryAfter!) >= 1, "Retry-After in whole seconds");
        Assert.Equal(3, Ollama.Requests.Count);
    }

    [Fact]
    public async Task A_keys_priority_puts_its_completions_ahead_of_those_waiting_for_the_slot()
    {
        using var gateway = platform.Host.CreateGatewayClient();
        var high = await CreateKeyAsync(gateway, 9, ApiScopes.Chat, ApiScopes.TasksPriority);
        var low = await CreateKeyAsync(gateway, 1, ApiScopes.Chat);
        using (var unentitled = await gateway.PostAsJsonAsync("/api/v1/keys", new CreateApiKeyRequest("too-high", [ApiScopes.Chat], Priority: 9)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, unentitled.StatusCode);
        }

        using (var outOfRange = await gateway.PostAsJsonAsync("/api/v1/keys", new CreateApiKeyRequest("out-of-range", [ApiScopes.Chat], Priority: 12)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        }

        // The blocker holds the one slot until every other request waits for it, however slow the machine; then it
        // is cancelled, which frees the slot.
        Ollama.Reset();
        Ollama.Responder = request => FakeOllama.LastUserText(request) == "blocker"
            ? new FakeReply(["busy"], TimeSpan.FromMinutes(2))
            : new FakeReply(["ok"], TimeSpan.FromMilliseconds(50));
        using var stopBlocker = new CancellationTokenSource();
        var blocker = ChatClient(platform.Host.ApiKey).CompleteChatAsync([new UserChatMessage("blocker")], new ChatCompletionOptions { Temperature = 0.5f }, stopBlocker.Token);
        await TaskClient.WaitUntilAsync(() => Ollama.Requests.Any(r => FakeOllama.LastUserText(r) == "blocker"), TimeSpan.FromSeconds(30), "the blocker reached Ollama");
        var waiting = new List<Task>();
        for (var i = 0; i < 3; i++)
        {
            waiting.Add(ChatClient(low).CompleteChatAsync([new UserChatMessage($"low {i}")], new ChatCompletionOptions { Temperature = 0.5f }));
        }

        waiting.Add(ChatClient(high).CompleteChatAsync([new UserChatMessage("high")], new ChatCompletionOptions { Temperature = 0.5f }));
        var queued = 0;
        for (var checks = 0; queued < waiting.Count; checks++)
        {
            Assert.True(checks < 600, $"only {queued} of {waiting.Count} requests waited for the slot within a minute");
            await Task.Delay(100);
            queued = (await gateway.GetFromJsonAsync<JsonElement>("/api/v1/models")).GetProperty("waiting").GetInt32();
        }

        await stopBlocker.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocker);
        await Task.WhenAll(waiting);

        Assert.Equal(["blocker", "high"], Ollama.Requests.Select(FakeOllama.LastUserText).Take(2));
    }

    private static async Task<string> CreateKeyAsync(HttpClient gateway, int priority, params string[] scopes)
    {
        using var response = await gateway.PostAsJsonAsync("/api/v1/keys", new CreateApiKeyRequest($"prio-{Guid.NewGuid():N}"[..20], scopes, Priority: priority));
        response.EnsureSuccessStatusCode();
        var created = (await response.Content.ReadFromJsonAsync<CreatedApiKey>())!;
        Assert.Equal(priority, created.Priority);
        return created.Key;
    }

    private ChatClient ChatClient(string key) => new(Model, new ApiKeyCredential(key), Options());

    /// <summary>The gateway's <c>/v1</c>, and no retries: the tests look at the first answer.</summary>
    private OpenAIClientOptions Options(Uri? endpoint = null)
    {
        if (endpoint is null)
        {
            using var gateway = platform.Host.CreateGatewayClient(withApiKey: false);
            endpoint = new Uri(gateway.BaseAddress!, "/v1");
        }

        return new OpenAIClientOptions { Endpoint = endpoint, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
    }

    private static void AssertOpenAiError(ClientResultException exception, string type, string code)
    {
        var body = exception.GetRawResponse()!.Content.ToString();
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()), body);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SutazAI.Contracts.Auth;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;

namespace SutazAI.Llm.Tests;

/// <summary>The chat, coder and reviewer agents doing LLM work through the gateway, against the fake Ollama.</summary>
[Collection(LlmPlatformCollection.Name)]
public sealed class AgentLlmTests(LlmPlatformFixture platform)
{
    [Fact]
    public async Task A_chat_reply_is_the_servers_text_streamed_in_the_task_events_and_kept_in_the_session()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = request => FakeOllama.LastUserText(request) == "Hi there"
            ? new FakeReply(["Hello", ", ", "human", "!"], TimeSpan.FromMilliseconds(150))
            : FakeReply.Text("You said hi before.");
        using var client = platform.Host.CreateGatewayClient();

        var task = await client.SubmitAcceptedAsync("chat.message", new { message = "Hi there" });
        var (events, _) = await client.FollowToEndAsync($"/api/v1/tasks/{task.Id}/events");
        var deltas = events.Where(e => e.Type == "delta").Select(e => e.Json.GetProperty("text").GetString()).ToList();
        Assert.Equal("Hello, human!", string.Concat(deltas));
        Assert.True(deltas.Count >= 2, $"expected the reply in pieces, got {deltas.Count}");

        var done = await client.WaitUntilFinalAsync(task.Id);
        Assert.Equal(TaskState.Completed, done.Status);
        var result = done.Result!.Value;
        Assert.Equal("Hello, human!", result.GetProperty("reply").GetString());
        Assert.Equal(30, result.GetProperty("tokens").GetInt64());
        var sessionId = result.GetProperty("sessionId").GetGuid();

        var session = await client.GetFromJsonAsync<JsonElement>($"/api/v1/chat/sessions/{sessionId}");
        var turns = session.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToList();
        Assert.Equal([("user", "Hi there"), ("assistant", "Hello, human!")], turns);

        var second = await client.SubmitAcceptedAsync("chat.message", new { sessionId, message = "What did I say?" });
        Assert.Equal(TaskState.Completed, (await client.WaitUntilFinalAsync(second.Id)).Status);
        var sent = platform.Ollama.Requests[^1]["messages"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()).ToList();
        Assert.Contains("Hi there", sent);
        Assert.Contains("Hello, human!", sent);
        Assert.Equal("What did I say?", sent[^1]);

        using (var deleted = await client.DeleteAsync($"/api/v1/chat/sessions/{sessionId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var gone = await client.GetAsync($"/api/v1/chat/sessions/{sessionId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_reply_streamed_across_stream_lifetimes_reaches_the_client_whole_and_each_event_once()
    {
        platform.Ollama.Reset();
        var words = Enumerable.Range(0, 40).Select(i => $"w{i} ").ToArray();
        platform.Ollama.Responder = _ => new FakeReply(words, TimeSpan.FromMilliseconds(100));
        using var client = platform.Host.CreateGatewayClient();

        var task = await client.SubmitAcceptedAsync("chat.message", new { message = "Count for me, slowly." });
        var (events, connections) = await client.FollowToEndAsync($"/api/v1/tasks/{task.Id}/events");

        // Streams live one second here (Streams:MaxLifetime), the reply takes four: the client came back with Last-Event-ID.
        Assert.True(connections >= 2, $"expected the stream to be cut by its lifetime at least once, got {connections} connection(s)");
        var deltas = events.Where(e => e.Type == "delta").Select(e => e.Json).ToList();
        Assert.Equal(Enumerable.Range(0, words.Length), deltas.Select(d => d.GetProperty("sequence").GetInt32()));
        Assert.Equal(string.Concat(words), string.Concat(deltas.Select(d => d.GetProperty("text").GetString())));
        var positions = events.Select(e => e.Id!.Split('.').Select(int.Parse).ToArray()).ToList();
        Assert.All(positions.Zip(positions.Skip(1)), pair => Assert.True(
            pair.Second[0] >= pair.First[0] && pair.Second[1] >= pair.First[1] && (pair.Second[0] > pair.First[0] || pair.Second[1] > pair.First[1]),
            $"event ids only grow: {string.Join('.', pair.First)} then {string.Join('.', pair.Second)}"));
        Assert.Equal("end", events[^1].Type);
        Assert.Equal("Completed", events[^1].Json.GetProperty("status").GetString());
        Assert.Single(events, e => e.Type == "end");
    }

    [Fact]
    public async Task Every_key_of_one_person_draws_on_that_persons_one_token_budget()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = _ => FakeReply.Text("Noted.", promptTokens: 10, completionTokens: 20);
        using var admin = platform.Host.CreateGatewayClient();
        var username = $"budget-{Guid.NewGuid():N}"[..20];
        var password = $"pw-{Guid.NewGuid():N}";
        using var registered = await admin.PostAsJsonAsync("/api/v1/auth/register", new RegisterRequest(username, password));
        var person = (await registered.Content.ReadFromJsonAsync<UserView>())!;
        using var signIn = await admin.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(username, password));
        using var signedIn = platform.Host.CreateGatewayClient(withApiKey: false);
        signedIn.DefaultRequestHeaders.Authorization = new("Bearer", (await signIn.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken);

        var keys = new List<HttpClient>();
        for (var i = 0; i < 2; i++)
        {
            using var created = await signedIn.PostAsJsonAsync("/api/v1/keys", new CreateApiKeyRequest($"key {i}", [ApiScopes.TasksRead, ApiScopes.TasksWrite, ApiScopes.Chat], null));
            var client = platform.Host.CreateGatewayClient(withApiKey: false);
            client.DefaultRequestHeaders.Add("X-Api-Key", (await created.Content.ReadFromJsonAsync<CreatedApiKey>())!.Key);
            keys.Add(client);
        }

        foreach (var (client, i) in keys.Select((client, i) => (client, i)))
        {
            var task = await client.SubmitAcceptedAsync("chat.message", new { message = $"Remember number {i}." });
            Assert.Equal(TaskState.Completed, (await client.WaitUntilFinalAsync(task.Id)).Status);
            client.Dispose();
        }

        // Both calls (10 + 20 tokens each) were counted against the person, not against either key.
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(await platform.Host.GetConnectionStringAsync("redis"));
        var used = await redis.GetDatabase().StringGetAsync($"sutazai:budget:user:{person.Id:N}:{DateTimeOffset.UtcNow:yyyyMMdd}");
        Assert.Equal(60, (long)used);
    }

    [Fact]
    public async Task Chat_sessions_can_be_created_first_and_bad_ids_get_problems()
    {
        using var client = platform.Host.CreateGatewayClient();
        using var created = await client.PostAsJsonAsync("/api/v1/chat/sessions", new { title = "notes", system = "Be brief." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var session = await client.GetFromJsonAsync<JsonElement>($"/api/v1/chat/sessions/{id}");
        Assert.Equal("Be brief.", session.GetProperty("system").GetString());
        Assert.Equal(0, session.GetProperty("messages").GetArrayLength());

        using var missing = await client.GetAsync("/api/v1/chat/sessions/not-an-id");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var unknown = await client.SubmitAcceptedAsync("chat.message", new { sessionId = Guid.NewGuid(), message = "hello?" });
        var failed = await client.WaitUntilFinalAsync(unknown.Id);
        Assert.Equal(TaskState.Failed, failed.Status);
        Assert.Equal(SutazAI.Contracts.ProblemTypes.InvalidInput, failed.Error!.Type);
    }

    [Fact]
    public async Task Generated_CSharp_that_does_not_compile_is_repaired_from_the_diagnostics()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = request => FakeOllama.LastUserText(request).Contains("does not compile", StringComparison.Ordinal)
            ? FakeReply.Text("```csharp\npublic static class Calculator\n{\n    public static int Add(int a, int b) => a + b;\n}\n```")
            : FakeReply.Text("Here you go:\n```csharp\npublic static class Calculator\n{\n    public static int Add(int a, int b) { return a + b }\n}\n```");
        using var client = platform.Host.CreateGatewayClient();

        var task = await client.SubmitAcceptedAsync("code.generate", new { language = "csharp", instruction = "Write a static Add method." });
        var done = await client.WaitUntilFinalAsync(task.Id);

        Assert.Equal(TaskState.Completed, done.Status);
        var result = done.Result!.Value;
        Assert.True(result.GetProperty("compiled").GetBoolean());
        Assert.Equal(1, result.GetProperty("rounds").GetInt32());
        Assert.Contains("a + b;", result.GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, platform.Ollama.Requests.Count);
        Assert.Contains("CS1002", FakeOllama.LastUserText(platform.Ollama.Requests[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_LLM_the_review_adds_the_written_part()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = _ => FakeReply.Text("- Log or rethrow in the empty catch.");
        using var client = platform.Host.CreateGatewayClient();

        var task = await client.SubmitAcceptedAsync("code.review", new { language = "csharp", code = "class A { void M() { try { } catch { } } }" });
        var done = await client.WaitUntilFinalAsync(task.Id);

        Assert.Equal(TaskState.Completed, done.Status);
        Assert.Equal("- Log or rethrow in the empty catch.", done.Result!.Value.GetProperty("review").GetString());
        Assert.Contains(done.Result.Value.GetProperty("findings").EnumerateArray(), f => f.GetProperty("rule").GetString() == "empty-catch");
    }
}

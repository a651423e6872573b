using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using SutazAI.Contracts.Auth;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;

namespace SutazAI.Llm.Tests;

/// <summary>The MCP server at the gateway's <c>/mcp</c>, driven by the MCP C# client SDK over streamable HTTP.</summary>
[Collection(LlmPlatformCollection.Name)]
public sealed partial class McpTests(LlmPlatformFixture platform)
{
    private static readonly string[] AnalystSkills = ["text.entities", "text.keywords", "text.language", "text.sentiment", "text.summary"];

    [Fact]
    public async Task Every_capability_is_a_tool_with_its_skills_description_and_schema()
    {
        await using var client = await ConnectAsync(platform.Host.ApiKey);

        var tools = await client.ListToolsAsync();

        using var gateway = platform.Host.CreateGatewayClient();
        var capabilities = await gateway.GetFromJsonAsync<JsonElement>("/api/v1/capabilities");
        foreach (var name in AnalystSkills)
        {
            var tool = Assert.Single(tools, t => t.Name == name);
            var capability = capabilities.EnumerateArray().First(c => c.GetProperty("name").GetString() == name);
            Assert.Equal(capability.GetProperty("description").GetString(), tool.Description);
            Assert.True(JsonElement.DeepEquals(capability.GetProperty("inputSchema"), tool.JsonSchema), $"{name}: {tool.JsonSchema}");
        }

        Assert.Contains(tools, t => t.Name == "goal.start");
        Assert.Contains(tools, t => t.Name == "chat.message");
    }

    [Fact]
    public async Task Calling_text_sentiment_gives_the_tasks_result_as_structured_content_and_text()
    {
        await using var client = await ConnectAsync(platform.Host.ApiKey);
        const string Text = "I love this wonderful, excellent product.";

        var result = await client.CallToolAsync("text.sentiment", new Dictionary<string, object?> { ["text"] = Text });

        Assert.NotEqual(true, result.IsError);
        var structured = Assert.IsType<JsonElement>(result.StructuredContent);
        Assert.Equal("positive", structured.GetProperty("label").GetString());
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.True(JsonElement.DeepEquals(structured, JsonDocument.Parse(text).RootElement));

        // The same task through the HTTP API gives the same result.
        using var gateway = platform.Host.CreateGatewayClient();
        var task = await gateway.SubmitAcceptedAsync("text.sentiment", new { text = Text });
        var done = await gateway.WaitUntilFinalAsync(task.Id);
        Assert.True(JsonElement.DeepEquals(done.Result!.Value, structured), $"API {done.Result} vs MCP {structured}");

        // Input the skill's schema refuses is a tool error the model can read, not a task.
        var refused = await client.CallToolAsync("text.sentiment", new Dictionary<string, object?> { ["words"] = 3 });
        Assert.True(refused.IsError);
        Assert.Contains("text", Assert.IsType<TextContentBlock>(Assert.Single(refused.Content)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_tool_reports_its_progress_before_its_result()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = _ => new FakeReply(["Looks ", "fine ", "to me."], ChunkDelay: TimeSpan.FromMilliseconds(300));
        await using var client = await ConnectAsync(platform.Host.ApiKey);
        var progress = new Recorder();

        var result = await client.CallToolAsync("code.review", Review("class A { }"), progress);

        Assert.NotEqual(true, result.IsError);
        // The SDK hands each notification to its own task, so they may arrive out of order; the server only ever
        // reports a larger value, which puts them back in the order they were sent.
        var reports = progress.Values.OrderBy(p => p.Progress).ToList();
        Assert.True(reports.Count >= 2, $"progress: {string.Join(" | ", reports.Select(p => $"{p.Progress} {p.Message}"))}");
        Assert.Contains(reports, p => p.Message!.Contains("analysing with Roslyn", StringComparison.Ordinal));
        Assert.Matches(TaskId(), reports[0].Message!);
        Assert.Equal(reports.Count, reports.Select(p => p.Progress).Distinct().Count());
        Assert.All(reports, p => Assert.Equal(100, p.Total));
    }

    [Fact]
    public async Task Cancelling_a_call_cancels_its_task()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = _ => new FakeReply(["never ", "finished"], ChunkDelay: TimeSpan.FromSeconds(30));
        await using var client = await ConnectAsync(platform.Host.ApiKey);
        var progress = new Recorder();
        using var cancel = new CancellationTokenSource();

        var call = client.CallToolAsync("code.review", Review("class B { }"), progress, cancellationToken: cancel.Token).AsTask();
        await TaskClient.WaitUntilAsync(() => progress.Values.Any(p => p.Message!.Contains("asking the LLM for a written review", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), "the review reached the LLM");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        var id = progress.Values.Select(p => TaskId().Match(p.Message ?? "")).First(m => m.Success).Value;
        using var gateway = platform.Host.CreateGatewayClient();
        var task = await gateway.WaitUntilFinalAsync(Guid.Parse(id), TimeSpan.FromSeconds(30));
        Assert.Equal(TaskState.Cancelled, task.Status);
    }

    [Fact]
    public async Task A_person_sees_only_the_tools_their_scopes_allow_and_not_another_persons_task()
    {
        using var gateway = platform.Host.CreateGatewayClient();
        var noChat = await SignedInAsync(gateway, ApiScopes.TasksRead, ApiScopes.TasksWrite);
        var readOnly = await SignedInAsync(gateway, ApiScopes.TasksRead);

        await using (var client = await ConnectAsync(noChat))
        {
            var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
            Assert.Superset(AnalystSkills.ToHashSet(), tools.ToHashSet());
            Assert.DoesNotContain("chat.message", tools);
            Assert.DoesNotContain("code.review", tools);
            await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("chat.message", new Dictionary<string, object?> { ["message"] = "hi" }).AsTask());
        }

        var theirs = await gateway.SubmitAcceptedAsync("text.sentiment", new { text = "mine, not yours" });
        await using (var client = await ConnectAsync(readOnly))
        {
            Assert.Empty(await client.ListToolsAsync());
            await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync($"sutazai://tasks/{theirs.Id}").AsTask());
        }

        await using (var owner = await ConnectAsync(platform.Host.ApiKey))
        {
            var read = await owner.ReadResourceAsync($"sutazai://tasks/{theirs.Id}");
            var state = JsonDocument.Parse(Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text).RootElement;
            Assert.Equal(theirs.Id, state.GetProperty("id").GetGuid());
            Assert.Contains((await owner.ListResourcesAsync()), r => r.Uri == $"sutazai://tasks/{theirs.Id}");
        }
    }

    [Fact]
    public async Task The_tool_list_changes_when_an_agent_goes_and_clients_are_told()
    {
        await using var client = await ConnectAsync(platform.Host.ApiKey);
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "plan.create");
        var changes = 0;
        await using var handler = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
        {
            Interlocked.Increment(ref changes);
            return ValueTask.CompletedTask;
        });

        await platform.Host.StopResourceAsync("agent-planner");
        try
        {
            await TaskClient.WaitUntilAsync(() => Volatile.Read(ref changes) > 0, TimeSpan.FromSeconds(90), "a tools/list_changed notification");
            var tools = await client.ListToolsAsync();
            Assert.DoesNotContain(tools, t => t.Name is "plan.create" or "goal.start");
            Assert.Contains(tools, t => t.Name == "text.sentiment");
        }
        finally
        {
            await platform.Host.StartResourceAsync("agent-planner");
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await platform.Host.WaitForCapabilitiesAsync(cancel.Token);
        }

        await TaskClient.WaitUntilAsync(() => Volatile.Read(ref changes) > 1, TimeSpan.FromSeconds(60), "a second tools/list_changed notification");
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "plan.create");
    }

    private async Task<McpClient> ConnectAsync(string key)
    {
        using var gateway = platform.Host.CreateGatewayClient(withApiKey: false);
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(gateway.BaseAddress!, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        });
        return await McpClient.CreateAsync(transport);
    }

    /// <summary>A new person with <paramref name="scopes"/>, made by the admin; their access token.</summary>
    private static async Task<string> SignedInAsync(HttpClient admin, params string[] scopes)
    {
        var username = $"mcp-{Guid.NewGuid():N}"[..20];
        var password = $"pw-{Guid.NewGuid():N}";
        using (var registered = await admin.PostAsJsonAsync("/api/v1/auth/register", new RegisterRequest(username, password, scopes)))
        {
            registered.EnsureSuccessStatusCode();
        }

        using var signedIn = await admin.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(username, password));
        signedIn.EnsureSuccessStatusCode();
        return (await signedIn.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
    }

    private static Dictionary<string, object?> Review(string code) => new() { ["language"] = "csharp", ["code"] = code };

    /// <summary>Keeps every report as it arrives (<see cref="Progress{T}"/> would post them later, on the thread pool).</summary>
    private sealed class Recorder : IProgress<ProgressNotificationValue>
    {
        public ConcurrentQueue<ProgressNotificationValue> Values { get; } = new();

        public void Report(ProgressNotificationValue value) => Values.Enqueue(value);
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex TaskId();
}

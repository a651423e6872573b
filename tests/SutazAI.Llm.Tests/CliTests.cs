using System.Text.Json;
using System.Text.RegularExpressions;
using SutazAI.Client;
using SutazAI.Testing;
using Xunit.Abstractions;

namespace SutazAI.Llm.Tests;

/// <summary>
/// The installed <c>sutazai</c> tool against the real platform, as a person at a terminal and as a script would use it:
/// outputs, exit codes, stored sign-in, chat in a pseudo-terminal, a goal's tree.
/// </summary>
[Collection(LlmPlatformCollection.Name)]
public sealed partial class CliTests(LlmPlatformFixture platform, ITestOutputHelper output)
{
    private const string ValidPlan = """
        {"name":"mood and language","steps":[
          {"id":"mood","capability":"text.sentiment","input":{"text":"${input.text}"}},
          {"id":"lang","capability":"text.language","input":{"text":"${input.text}"}}]}
        """;

    private Dictionary<string, string> WithKey => new() { ["SUTAZAI_URL"] = GatewayUrl, ["SUTAZAI_API_KEY"] = platform.Host.ApiKey };

    private string GatewayUrl
    {
        get
        {
            using var http = platform.Host.CreateGatewayClient(withApiKey: false);
            return http.BaseAddress!.ToString();
        }
    }

    [Fact]
    public async Task Submit_shows_progress_to_completion_and_the_result_and_json_output_parses()
    {
        var inputFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(inputFile, """{"text":"I love how quick and friendly this was."}""");

        var run = await RunAsync(WithKey, null, "task", "submit", "text.sentiment", "--input", "@" + inputFile);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"\[\s*\d+% (Queued|Running|Completed)", run.Output);
        Assert.Contains("Completed text.sentiment", run.Output, StringComparison.Ordinal);
        Assert.Contains("\"label\": \"positive\"", run.Output, StringComparison.Ordinal);

        var json = await RunAsync(WithKey, """{"text":"What a wonderful, delightful day."}""", "task", "submit", "text.sentiment", "--input", "-", "--output", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var task = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal("Completed", task.GetProperty("status").GetString());
        Assert.Equal("positive", task.GetProperty("result").GetProperty("label").GetString());

        var list = await RunAsync(WithKey, null, "task", "list", "-o", "json");
        Assert.Contains(JsonDocument.Parse(list.Output).RootElement.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetString() == task.GetProperty("id").GetString());
        var show = await RunAsync(WithKey, null, "task", "show", task.GetProperty("id").GetString()!, "-o", "json");
        Assert.Equal("positive", JsonDocument.Parse(show.Output).RootElement.GetProperty("result").GetProperty("label").GetString());
    }

    [Fact]
    public async Task Exit_codes_say_refused_failed_and_unauthenticated_with_a_readable_reason()
    {
        var schema = await RunAsync(WithKey, null, "task", "submit", "text.sentiment", "--input", """{"words":3}""");
        Assert.True(schema.ExitCode == 2, schema.ToString());
        Assert.Contains("text", schema.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", schema.Errors, StringComparison.Ordinal);

        var notJson = await RunAsync(WithKey, null, "task", "submit", "text.sentiment", "--input", "{text:");
        Assert.True(notJson.ExitCode == 2, notJson.ToString());
        Assert.Contains("not valid JSON", notJson.Errors, StringComparison.Ordinal);

        var usage = await RunAsync(WithKey, null, "task", "submit");
        Assert.Equal(2, usage.ExitCode);

        var failed = await RunAsync(WithKey, null, "task", "submit", "chat.message", "--input", $$"""{"sessionId":"{{Guid.NewGuid()}}","message":"hello?"}""");
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("Failed chat.message", failed.Output, StringComparison.Ordinal);

        var noCredential = await RunAsync(new() { ["SUTAZAI_URL"] = GatewayUrl, ["SUTAZAI_CONFIG_DIR"] = Directory.CreateTempSubdirectory().FullName }, null, "agents");
        Assert.True(noCredential.ExitCode == 3, noCredential.ToString());
        var notAKey = "sk-" + Guid.NewGuid().ToString("N");
        var wrongKey = await RunAsync(new() { ["SUTAZAI_URL"] = GatewayUrl, ["SUTAZAI_API_KEY"] = notAKey }, null, "agents", "-o", "json");
        Assert.True(wrongKey.ExitCode == 3, wrongKey.ToString());
        Assert.Equal(401, JsonDocument.Parse(wrongKey.Errors).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_stored_login_serves_later_commands_and_manages_keys()
    {
        using var admin = SutazAIClient.Create(new SutazAIClientOptions { BaseAddress = new Uri(GatewayUrl), ApiKey = platform.Host.ApiKey });
        var username = $"cli-{Guid.NewGuid():N}"[..20];
        var secret = $"pw-{Guid.NewGuid():N}";
        await admin.V1.Auth.Register.PostAsync(new Client.Api.Models.RegisterRequest { Username = username, Password = secret });
        var config = Directory.CreateTempSubdirectory("sutazai-config-").FullName;
        var environment = new Dictionary<string, string> { ["SUTAZAI_URL"] = GatewayUrl, ["SUTAZAI_CONFIG_DIR"] = config };

        var login = await RunAsync(environment, secret + "\n", "login", "--username", username, "--password-stdin");
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(Path.Combine(config, "login.json")), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(config, "login.json")));
        }

        var created = await RunAsync(environment, null, "keys", "create", "--name", "ci", "--scope", "tasks:read", "-o", "json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var key = JsonDocument.Parse(created.Output).RootElement;
        var listed = await RunAsync(environment, null, "keys", "list");
        Assert.Contains(key.GetProperty("prefix").GetString()!, listed.Output, StringComparison.Ordinal);
        var revoked = await RunAsync(environment, null, "keys", "revoke", key.GetProperty("id").GetString()!);
        Assert.True(revoked.ExitCode == 0, revoked.ToString());

        var agents = await RunAsync(environment, null, "agents");
        Assert.Contains("analyst", agents.Output, StringComparison.Ordinal);
        var status = await RunAsync(environment, null, "status");
        Assert.True(status.ExitCode == 3, status.ToString());

        var logout = await RunAsync(environment, null, "logout");
        Assert.Equal(0, logout.ExitCode);
        Assert.Equal(3, (await RunAsync(environment, null, "agents")).ExitCode);
    }

    [Fact]
    public async Task Chat_in_a_terminal_streams_the_reply_rendered_as_markdown()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = _ => new FakeReply(["# Harbour ", "report\n", "- **eleven** cormorants\n", "- one `lighthouse`"], TimeSpan.FromMilliseconds(50));

        var run = await InstalledCli.RunInTerminalAsync(WithKey, "Tell me about the harbour.\n/exit", "chat");
        var screen = AnsiEscape().Replace(run.Output, "");
        output.WriteLine(screen);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Harbour report", screen, StringComparison.Ordinal);
        Assert.Contains("• eleven cormorants", screen, StringComparison.Ordinal);
        Assert.Contains("• one lighthouse", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("**", screen, StringComparison.Ordinal);
        Assert.Contains("Tell me about the harbour.", FakeOllama.LastUserText(platform.Ollama.Requests[^1]), StringComparison.Ordinal);

        var once = await RunAsync(WithKey, null, "chat", "--message", "Again, please.", "-o", "json");
        Assert.True(once.ExitCode == 0, once.ToString());
        Assert.Contains("cormorants", JsonDocument.Parse(once.Output).RootElement.GetProperty("reply").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_goal_renders_its_plan_as_a_tree_of_steps()
    {
        PlannerAnswersWithTheValidPlan();

        var run = await RunAsync(WithKey, null, "goal", "tell me the mood and the language", "--input", """{"text":"I adore this lovely little café."}""");
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[mood] text.sentiment: Completed", run.Output, StringComparison.Ordinal);
        var tree = run.Output[run.Output.LastIndexOf("tell me the mood and the language", StringComparison.Ordinal)..];
        Assert.Contains("✔ Completed", tree, StringComparison.Ordinal);
        Assert.Matches(@"(└──|├──) ✔ Completed plan", tree);
        Assert.Matches(@"(└──|├──) ✔ Completed mood text\.sentiment", tree);
        Assert.Matches(@"(└──|├──) ✔ Completed lang text\.language", tree);
    }

    [Fact]
    public async Task In_a_terminal_a_task_shows_a_live_progress_bar_and_a_goal_a_live_tree()
    {
        PlannerAnswersWithTheValidPlan();

        var task = await InstalledCli.RunInTerminalAsync(WithKey, "", """task submit text.sentiment --input '{"text":"A lovely, friendly visit."}'""");
        var taskScreen = AnsiEscape().Replace(task.Output, "");
        output.WriteLine(taskScreen);
        Assert.True(task.ExitCode == 0, task.ToString());
        Assert.Contains("100%", taskScreen, StringComparison.Ordinal);
        Assert.Contains("Completed text.sentiment", taskScreen, StringComparison.Ordinal);

        var goal = await InstalledCli.RunInTerminalAsync(WithKey, "", """goal "tell me the mood and the language" --input '{"text":"Quel beau jour."}'""");
        var goalScreen = AnsiEscape().Replace(goal.Output, "");
        output.WriteLine(goalScreen);
        Assert.True(goal.ExitCode == 0, goal.ToString());
        Assert.Matches(@"✔ Completed mood text\.sentiment", goalScreen);
        Assert.Matches(@"✔ Completed lang text\.language", goalScreen);
    }

    [Fact]
    public async Task Shell_completion_offers_the_commands_that_may_come_next()
    {
        var script = await RunAsync([], null, "completion", "bash");
        Assert.Equal(0, script.ExitCode);
        Assert.Contains("complete -o default -F _sutazai_complete sutazai", script.Output, StringComparison.Ordinal);

        var line = "sutazai task ";
        var suggestions = await RunAsync([], null, $"[suggest:{line.Length}]", line);
        Assert.Equal(["cancel", "list", "show", "submit", "watch"], suggestions.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(s => !s.StartsWith('-') && !s.StartsWith('/')));
    }

    private void PlannerAnswersWithTheValidPlan()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = request => FakeOllama.IsPlanning(request)
            ? FakeReply.Text(ValidPlan)
            : FakeReply.Text("unrelated");
    }

    private async Task<CliRun> RunAsync(Dictionary<string, string> environment, string? input, params string[] arguments)
    {
        var run = await InstalledCli.RunAsync(environment, input, arguments);
        output.WriteLine($"$ sutazai {string.Join(' ', arguments)}\n{run}");
        return run;
    }

    [GeneratedRegex(@"\x1B(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-Za-z])")]
    private static partial Regex AnsiEscape();
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SutazAI.Contracts;
using SutazAI.Contracts.Admin;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;
using Xunit.Abstractions;

namespace SutazAI.Llm.Tests;

/// <summary>Timeouts, dead letters with redrive, and graceful shutdown, on agents doing real (fake-Ollama) LLM work.</summary>
[Collection(LlmPlatformCollection.Name)]
public sealed class TaskFaultTests(LlmPlatformFixture platform, ITestOutputHelper output)
{
    private const string ChatAgent = "agent-chat";

    [Fact]
    public async Task A_hanging_skill_ends_Failed_with_a_timeout_and_frees_its_agent()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = request => FakeOllama.LastUserText(request).Contains("hang", StringComparison.Ordinal)
            ? new FakeReply(["never"], TimeSpan.FromMinutes(5))
            : FakeReply.Text("```csharp\npublic static class Ok { public static int One() => 1; }\n```");
        using var client = platform.Host.CreateGatewayClient();

        var stopwatch = Stopwatch.StartNew();
        var hanging = await client.SubmitAcceptedAsync("code.generate", new { instruction = "hang forever", language = "csharp" });
        var failed = await client.WaitUntilFinalAsync(hanging.Id, TimeSpan.FromMinutes(3));
        output.WriteLine($"timed out after {stopwatch.Elapsed.TotalSeconds:F1} s (limit {LlmPlatformFixture.CoderTimeout})");
        Assert.Equal(TaskState.Failed, failed.Status);
        Assert.Equal(ProblemTypes.TaskTimeout, failed.Error!.Type);
        // The property: it waited for its limit, and ended long before the hanging reply would have.
        Assert.True(stopwatch.Elapsed >= LlmPlatformFixture.CoderTimeout * 0.9, $"failed after {stopwatch.Elapsed}, before its limit");

        // The coder runs one task at a time here, so this completing shows the slot was freed.
        var next = await client.SubmitAcceptedAsync("code.generate", new { instruction = "return one", language = "csharp" });
        var nextDone = await client.WaitUntilFinalAsync(next.Id, TimeSpan.FromMinutes(2));
        Assert.True(nextDone.Status == TaskState.Completed, $"{nextDone.Status}: {nextDone.Error?.Detail}");
    }

    [Fact]
    public async Task A_poison_task_becomes_a_dead_letter_after_its_retries_and_completes_after_a_redrive_once_fixed()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = _ => FakeReply.Text("Recovered.");
        using var client = platform.Host.CreateGatewayClient();
        await using var chatDb = new NpgsqlConnection(await platform.Host.GetConnectionStringAsync("chatdb"));
        await chatDb.OpenAsync();

        await ExecuteAsync(chatDb, "ALTER TABLE chat_sessions RENAME TO chat_sessions_away");
        TaskView failed;
        try
        {
            var task = await client.SubmitAcceptedAsync("chat.message", new { message = "remember this" });
            failed = await client.WaitUntilFinalAsync(task.Id, TimeSpan.FromSeconds(60));
        }
        finally
        {
            await ExecuteAsync(chatDb, "ALTER TABLE chat_sessions_away RENAME TO chat_sessions");
        }

        Assert.Equal(TaskState.Failed, failed.Status);
        Assert.Equal(ProblemTypes.DeadLettered, failed.Error!.Type);
        Assert.Contains("chat_sessions", failed.Error.Detail, StringComparison.Ordinal);

        var open = await client.GetFromJsonAsync<PagedResult<DeadLetterView>>("/api/v1/admin/dead-letters", TaskClient.Json);
        var letter = Assert.Single(open!.Items, d => d.TaskId == failed.Id);
        Assert.Equal("chat.message", letter.Capability);
        Assert.Equal("chat", letter.Agent);
        Assert.Contains("PostgresException", letter.ExceptionType, StringComparison.Ordinal);
        Assert.Equal("remember this", letter.Message.GetProperty("input").GetProperty("message").GetString());

        using (var redrive = await client.PostAsync($"/api/v1/admin/dead-letters/{letter.Id}/redrive", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, redrive.StatusCode);
        }

        var done = await client.WaitUntilFinalAsync(failed.Id, TimeSpan.FromSeconds(30));
        Assert.Equal(TaskState.Completed, done.Status);
        Assert.Equal("Recovered.", done.Result!.Value.GetProperty("reply").GetString());

        using (var again = await client.PostAsync($"/api/v1/admin/dead-letters/{letter.Id}/redrive", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        var stillOpen = await client.GetFromJsonAsync<PagedResult<DeadLetterView>>("/api/v1/admin/dead-letters", TaskClient.Json);
        Assert.DoesNotContain(stillOpen!.Items, d => d.Id == letter.Id);
        var redriven = await client.GetFromJsonAsync<DeadLetterView>($"/api/v1/admin/dead-letters/{letter.Id}", TaskClient.Json);
        Assert.NotNull(redriven!.RedrivenAt);

        using var unknown = await client.PostAsync($"/api/v1/admin/dead-letters/{Guid.NewGuid()}/redrive", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var badState = await client.GetAsync("/api/v1/admin/dead-letters?state=lost");
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
    }

    [Fact]
    public async Task SIGTERM_lets_a_running_task_finish_within_the_grace_period()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = _ => new FakeReply(["Finished ", "before ", "the ", "agent ", "stopped."], LlmPlatformFixture.ShutdownGrace / 20);
        using var client = platform.Host.CreateGatewayClient();

        var task = await client.SubmitAcceptedAsync("chat.message", new { message = "finish please" });
        await TaskClient.WaitUntilAsync(() => platform.Ollama.Requests.Count > 0, TimeSpan.FromSeconds(30), "the LLM call started");
        var stopping = Stopwatch.StartNew();
        await platform.Host.StopResourceAsync(ChatAgent);
        output.WriteLine($"agent stopped {stopping.Elapsed.TotalSeconds:F1} s after SIGTERM");
        try
        {
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(60), $"stopping took {stopping.Elapsed}");
            var done = await client.WaitUntilFinalAsync(task.Id, TimeSpan.FromSeconds(30));
            Assert.Equal(TaskState.Completed, done.Status);
            Assert.Equal("Finished before the agent stopped.", done.Result!.Value.GetProperty("reply").GetString());
        }
        finally
        {
            await platform.Host.StartResourceAsync(ChatAgent);
        }
    }

    [Fact]
    public async Task SIGTERM_hands_back_a_task_that_outlasts_the_grace_period_and_it_completes_once_after_restart()
    {
        platform.Ollama.Reset();
        var slow = true;
        platform.Ollama.Responder = _ => Volatile.Read(ref slow)
            ? new FakeReply(["This ", "takes ", "far ", "too ", "long."], LlmPlatformFixture.ShutdownGrace)
            : FakeReply.Text("Done after the restart.");
        using var client = platform.Host.CreateGatewayClient();

        var task = await client.SubmitAcceptedAsync("chat.message", new { message = "a long answer please" });
        await TaskClient.WaitUntilAsync(() => platform.Ollama.Requests.Count > 0, TimeSpan.FromSeconds(30), "the LLM call started");
        var stopping = Stopwatch.StartNew();
        await platform.Host.StopResourceAsync(ChatAgent);
        output.WriteLine($"agent stopped {stopping.Elapsed.TotalSeconds:F1} s after SIGTERM (grace {LlmPlatformFixture.ShutdownGrace})");
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(60), $"stopping took {stopping.Elapsed}");
        Assert.False((await client.GetTaskAsync(task.Id)).Status.IsFinal());

        Volatile.Write(ref slow, false);
        await platform.Host.StartResourceAsync(ChatAgent);
        var done = await client.WaitUntilFinalAsync(task.Id, TimeSpan.FromMinutes(2));
        Assert.Equal(TaskState.Completed, done.Status);
        Assert.Equal("Done after the restart.", done.Result!.Value.GetProperty("reply").GetString());

        var session = await client.GetFromJsonAsync<JsonElement>($"/api/v1/chat/sessions/{done.Result.Value.GetProperty("sessionId").GetGuid()}");
        Assert.Equal(1, session.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("role").GetString() == "assistant"));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

using System.Collections.Concurrent;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;
using Xunit.Abstractions;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// Processes die and daemons go away in the middle of real runs; every accepted task still completes, and
/// the orchestrator records each completion exactly once (counted from its announcements, not from statuses).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CrashTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static IEnumerable<object> Texts(int count, string tag) =>
        Enumerable.Range(0, count).Select(i => (object)new { text = $"{tag} {i}: the service was great and I am happy with it" });

    [Fact]
    public async Task An_agent_killed_with_SIGKILL_mid_run_completes_every_task_exactly_once_after_restart()
    {
        await using var counter = await CompletionCounter.StartAsync(platform.Host);
        using var client = platform.Host.CreateGatewayClient();

        // The agent keeps pace with submission, so the kill must land while tasks are still being submitted:
        // ten batches take seconds, the kill a fraction of one, on any machine.
        var tasks = new ConcurrentQueue<TaskView>();
        var submitting = Task.Run(async () =>
        {
            for (var batch = 0; batch < 10; batch++)
            {
                foreach (var task in await client.SubmitBatchAsync("text.sentiment", Texts(100, $"kill-{batch}")))
                {
                    tasks.Enqueue(task);
                }
            }
        });
        await TaskClient.WaitUntilAsync(() => tasks.Count(t => counter.Recorded.ContainsKey(t.Id)) >= 20, TimeSpan.FromSeconds(60), "20 tasks completed");

        await platform.Host.KillResourceAsync(PlatformHost.AnalystResource);
        var doneAtKill = tasks.Count(t => counter.Recorded.ContainsKey(t.Id));
        await platform.Host.StartResourceAsync(PlatformHost.AnalystResource);
        await submitting;

        var done = await client.WaitAllFinalAsync(tasks, TimeSpan.FromSeconds(180));
        await Task.Delay(TimeSpan.FromSeconds(2)); // late duplicates would be counted by now
        var executions = tasks.Sum(t => counter.Executions.GetValueOrDefault(t.Id));
        output.WriteLine($"killed after {doneAtKill}/{tasks.Count} completions; executions seen {executions}, recorded {tasks.Sum(t => counter.Recorded.GetValueOrDefault(t.Id))}");

        Assert.Equal(1000, tasks.Count);
        Assert.InRange(doneAtKill, 1, 999);
        Assert.All(done, t => Assert.Equal(TaskState.Completed, t.Status));
        Assert.All(tasks, t => Assert.Equal(1, counter.Recorded.GetValueOrDefault(t.Id)));
        Assert.All(tasks, t => Assert.True(counter.Executions.GetValueOrDefault(t.Id) >= 1, $"task {t.Id} never ran"));
    }

    [Fact]
    public async Task RabbitMQ_stopped_for_20_s_during_500_tasks_loses_none_and_completes_none_twice()
    {
        await using var counter = await CompletionCounter.StartAsync(platform.Host);
        using var client = platform.Host.CreateGatewayClient();
        var tasks = await client.SubmitBatchAsync("text.sentiment", Texts(100, "broker-before"));

        var stoppedAt = DateTime.UtcNow;
        await platform.Host.StopResourceAsync("rabbitmq-server");
        try
        {
            // Accepted while the broker is away: they wait in the outbox.
            for (var batch = 0; batch < 4; batch++)
            {
                tasks.AddRange(await client.SubmitBatchAsync("text.sentiment", Texts(100, $"broker-during-{batch}")));
            }

            var left = TimeSpan.FromSeconds(20) - (DateTime.UtcNow - stoppedAt);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left);
            }
        }
        finally
        {
            await platform.Host.StartResourceAsync("rabbitmq-server");
        }

        output.WriteLine($"broker down for {(DateTime.UtcNow - stoppedAt).TotalSeconds:F1} s");
        var done = await client.WaitAllFinalAsync(tasks, TimeSpan.FromSeconds(240));
        await Task.Delay(TimeSpan.FromSeconds(2));
        output.WriteLine($"{done.Count(t => t.Status == TaskState.Completed)}/500 completed; recorded {tasks.Sum(t => counter.Recorded.GetValueOrDefault(t.Id))} completions");

        Assert.Equal(500, tasks.Count);
        Assert.All(done, t => Assert.Equal(TaskState.Completed, t.Status));
        Assert.All(tasks, t => Assert.Equal(1, counter.Recorded.GetValueOrDefault(t.Id)));
        await platform.Host.WaitForCapabilitiesAsync(CancellationToken.None);
        await platform.Host.WaitUntilHealthyAsync(["orchestrator", "models", PlatformHost.AnalystResource, "agent-chat", "gateway"], TimeSpan.FromSeconds(60));
    }
}

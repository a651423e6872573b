using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

/// <summary>Outcomes arrive at least once; the orchestrator applies only the first, over the real broker.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OutcomeIdempotencyTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_redelivered_or_late_outcome_changes_nothing()
    {
        using var client = platform.Host.CreateGatewayClient();
        var task = await client.SubmitAcceptedAsync("text.sentiment", new { text = "I love this" });
        var done = await client.WaitUntilFinalAsync(task.Id);
        Assert.Equal(TaskState.Completed, done.Status);

        await using var provider = await TestBus.StartAsync(platform.Host);
        var bus = provider.GetRequiredService<IBus>();
        var now = DateTimeOffset.UtcNow;
        await bus.Publish(new TaskCompleted(task.Id, "analyst", "replayed", JsonDocument.Parse("""{"label":"negative","score":-1}""").RootElement, now, now));
        await bus.Publish(new TaskFailed(task.Id, "analyst", "replayed", ProblemTypes.SkillFailed, "late failure", now));
        await bus.Publish(new TaskProgressed(task.Id, "analyst", "replayed", 10, "late progress", now));

        // A marker task published after the replays is consumed after them on the same queue.
        var marker = await client.SubmitAcceptedAsync("text.sentiment", new { text = "marker" });
        await client.WaitUntilFinalAsync(marker.Id);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var after = await client.GetTaskAsync(task.Id);
        Assert.Equal(TaskState.Completed, after.Status);
        Assert.Equal(100, after.Progress);
        Assert.Equal("positive", after.Result!.Value.GetProperty("label").GetString());
        Assert.Equal(done.CompletedAt, after.CompletedAt);
        Assert.Null(after.Error);
    }
}

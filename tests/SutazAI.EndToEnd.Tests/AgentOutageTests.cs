using System.Net;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

/// <summary>Tasks accepted while their agent is down wait in its durable queue and complete when it returns.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AgentOutageTests(PlatformFixture platform)
{
    [Fact]
    public async Task Tasks_waiting_for_a_stopped_agent_complete_when_it_returns_and_a_cancelled_one_stays_cancelled()
    {
        using var client = platform.Host.CreateGatewayClient();
        await platform.Host.StopResourceAsync(PlatformHost.AnalystResource);
        List<TaskView> waiting;
        TaskView cancelled;
        try
        {
            waiting = [];
            for (var i = 0; i < 5; i++)
            {
                waiting.Add(await client.SubmitAcceptedAsync("text.sentiment", new { text = $"Great result number {i}" }));
            }

            cancelled = await client.SubmitAcceptedAsync("text.sentiment", new { text = "never run this" });
            using (var cancel = await client.DeleteAsync($"/api/v1/tasks/{cancelled.Id}"))
            {
                Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
            foreach (var task in waiting)
            {
                Assert.Equal(TaskState.Queued, (await client.GetTaskAsync(task.Id)).Status);
            }
        }
        finally
        {
            await platform.Host.StartResourceAsync(PlatformHost.AnalystResource);
        }

        foreach (var task in waiting)
        {
            var done = await client.WaitUntilFinalAsync(task.Id, TimeSpan.FromSeconds(60));
            Assert.Equal(TaskState.Completed, done.Status);
            Assert.Equal("positive", done.Result!.Value.GetProperty("label").GetString());
        }

        var stillCancelled = await client.GetTaskAsync(cancelled.Id);
        Assert.Equal(TaskState.Cancelled, stillCancelled.Status);
        Assert.Null(stillCancelled.Result);

        using var again = await client.DeleteAsync($"/api/v1/tasks/{waiting[0].Id}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_priority_9_task_overtakes_priority_1_tasks_queued_before_it()
    {
        using var client = platform.Host.CreateGatewayClient();
        await platform.Host.StopResourceAsync(PlatformHost.AnalystResource);
        List<TaskView> low = [];
        TaskView urgent;
        try
        {
            for (var i = 0; i < 6; i++)
            {
                low.Add(await client.SubmitAcceptedAsync("text.sentiment", new { text = $"routine {i}" }, priority: 1));
            }

            urgent = await client.SubmitAcceptedAsync("text.sentiment", new { text = "urgent" }, priority: 9);
            // Let the relay put all of them on the queue before the agent is back.
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        finally
        {
            await platform.Host.StartResourceAsync(PlatformHost.AnalystResource);
        }

        var urgentDone = await client.WaitUntilFinalAsync(urgent.Id, TimeSpan.FromSeconds(60));
        var lowDone = new List<TaskView>();
        foreach (var task in low)
        {
            lowDone.Add(await client.WaitUntilFinalAsync(task.Id, TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(9, urgentDone.Priority);
        Assert.All(lowDone, t => Assert.True(urgentDone.StartedAt < t.StartedAt, $"urgent started {urgentDone.StartedAt:O}, routine {t.StartedAt:O}"));
    }
}

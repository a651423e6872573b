using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Admin;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Outbox;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// An outbox row the broker never takes (a task for an agent whose queue does not exist) fails its task after the
/// configured attempts, as a dead letter, while the tasks behind it are dispatched and complete.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PoisonedOutboxTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_poisoned_outbox_row_fails_its_task_while_a_hundred_tasks_behind_it_complete()
    {
        await using var db = await OrchestratorDatabase.OpenAsync(platform.Host);
        var now = DateTimeOffset.UtcNow;
        var poisoned = new TaskRecord
        {
            Id = Guid.CreateVersion7(),
            Owner = PlatformHost.BootstrapOwner,
            Capability = "text.sentiment",
            Agent = "agent-that-never-ran",
            Status = TaskState.Queued,
            Priority = 5,
            Input = """{"text":"never sent"}""",
            CreatedAt = now,
        };
        db.Tasks.Add(poisoned);
        db.Outbox.Add(OutboxMessages.Execute(
            new ExecuteTask(poisoned.Id, poisoned.Capability, JsonDocument.Parse(poisoned.Input).RootElement, 5, now, PlatformHost.BootstrapOwner),
            poisoned.Agent, now));
        await db.SaveChangesAsync();

        // Tasks keep coming behind it, as on a busy platform: each pass the broker takes them and not the poisoned row.
        using var client = platform.Host.CreateGatewayClient();
        var submitted = new List<TaskView>();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        TaskView failed;
        while (true)
        {
            submitted.Add(await client.SubmitAcceptedAsync("text.sentiment", new { text = $"Task {submitted.Count} is fine." }));
            failed = await client.GetTaskAsync(poisoned.Id);
            if (failed.Status.IsFinal() && submitted.Count >= 100)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"after {submitted.Count} tasks the poisoned one is still {failed.Status}");
            await Task.Delay(submitted.Count < 100 ? 10 : 250);
        }

        Assert.Equal(TaskState.Failed, failed.Status);
        Assert.Equal(ProblemTypes.DispatchFailed, failed.Error!.Type);
        Assert.Contains("attempts", failed.Error.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await db.Outbox.AsNoTracking().ToListAsync(), m => m.Body.Contains(poisoned.Id.ToString(), StringComparison.Ordinal));
        var letters = await client.GetFromJsonAsync<PagedResult<DeadLetterView>>("/api/v1/admin/dead-letters?pageSize=200", TaskClient.Json);
        Assert.Contains(letters!.Items, letter => letter.TaskId == poisoned.Id);

        var done = await client.WaitAllFinalAsync(submitted, TimeSpan.FromSeconds(120));
        Assert.All(done, task => Assert.Equal(TaskState.Completed, task.Status));
    }
}

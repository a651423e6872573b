using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using SutazAI.Contracts;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Streams;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.EndToEnd.Tests;

/// <summary>The lifecycle's conditional updates against the orchestrator's real PostgreSQL database.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TaskLifecycleTests(PlatformFixture platform)
{
    private const string Capability = "test.lifecycle";

    /// <summary>The lifecycle as the API documents it, written out independently of the code's table.</summary>
    private static readonly Dictionary<TaskTransition, TaskState[]> Documented = new()
    {
        [TaskTransition.Start] = [TaskState.Queued, TaskState.Running],
        [TaskTransition.Complete] = [TaskState.Queued, TaskState.Running],
        [TaskTransition.Fail] = [TaskState.Queued, TaskState.Running],
        [TaskTransition.Cancel] = [TaskState.Queued, TaskState.Running],
        [TaskTransition.Redrive] = [TaskState.Failed],
    };

    [Fact]
    public async Task Every_transition_changes_a_task_only_from_its_allowed_states_and_every_illegal_one_changes_nothing()
    {
        var options = await OrchestratorDatabase.OptionsAsync(platform.Host, new AfterCommit.Interceptor());
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await platform.Host.GetConnectionStringAsync("redis"));
        var events = new TaskEvents(new RedisFanOut(redis, NullLogger<RedisFanOut>.Instance), NullLogger<TaskEvents>.Instance);
        var refused = new List<string>();
        try
        {
            foreach (var transition in Enum.GetValues<TaskTransition>())
            {
                foreach (var from in Enum.GetValues<TaskState>())
                {
                    await using var db = new OrchestratorDbContext(options);
                    var before = await AddTaskAsync(db, from);
                    var change = await ApplyAsync(new TaskLifecycle(db, events, []), transition, before.Id);
                    var after = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == before.Id);

                    if (Documented[transition].Contains(from))
                    {
                        Assert.NotNull(change);
                        Assert.Equal(TaskTransitions.To(transition), after.Status);
                        Assert.Equal(after.Status, change.Status);
                        Assert.True(TaskTransitions.IsAllowed(from, transition));
                    }
                    else
                    {
                        Assert.Null(change);
                        Assert.Equal(from, after.Status);
                        Assert.Equal(before.Error, after.Error);
                        Assert.Equal(before.CompletedAt, after.CompletedAt);
                        Assert.Equal(before.Progress, after.Progress);
                        Assert.False(TaskTransitions.IsAllowed(from, transition));
                        refused.Add($"{transition} from {from}");
                    }
                }
            }

            Assert.Equal(16, refused.Count); // 25 pairs, 9 allowed
        }
        finally
        {
            await using var db = new OrchestratorDbContext(options);
            await db.Tasks.Where(t => t.Capability == Capability).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task Only_a_dead_lettered_task_that_is_no_workflow_step_can_be_redriven()
    {
        var options = await OrchestratorDatabase.OptionsAsync(platform.Host);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await platform.Host.GetConnectionStringAsync("redis"));
        await using var db = new OrchestratorDbContext(options);
        var lifecycle = new TaskLifecycle(db, new TaskEvents(new RedisFanOut(redis, NullLogger<RedisFanOut>.Instance), NullLogger<TaskEvents>.Instance), []);
        try
        {
            var timedOut = await AddTaskAsync(db, TaskState.Failed, ProblemTypes.TaskTimeout);
            var step = await AddTaskAsync(db, TaskState.Failed, workflowId: Guid.CreateVersion7());
            var deadLetter = await AddTaskAsync(db, TaskState.Failed);

            Assert.Null(await lifecycle.RedriveAsync(timedOut.Id, DateTimeOffset.UtcNow, default));
            Assert.Null(await lifecycle.RedriveAsync(step.Id, DateTimeOffset.UtcNow, default));
            var redriven = await lifecycle.RedriveAsync(deadLetter.Id, DateTimeOffset.UtcNow, default);

            Assert.Equal(TaskState.Queued, redriven?.Status);
            var after = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == deadLetter.Id);
            Assert.Equal((TaskState.Queued, null, null, null), (after.Status, after.Error, after.ErrorType, after.CompletedAt));
            Assert.Equal(TaskState.Failed, (await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == timedOut.Id)).Status);
        }
        finally
        {
            await db.Tasks.Where(t => t.Capability == Capability).ExecuteDeleteAsync();
        }
    }

    private static Task<TaskChange?> ApplyAsync(TaskLifecycle lifecycle, TaskTransition transition, Guid id)
    {
        var now = DateTimeOffset.UtcNow;
        return transition switch
        {
            TaskTransition.Start => lifecycle.StartAsync(id, 40, "working", now, default),
            TaskTransition.Complete => lifecycle.CompleteAsync(id, "nobody", """{"ok":true}""", now, now, default),
            TaskTransition.Fail => lifecycle.FailAsync(id, ProblemTypes.SkillFailed, "it broke", now, default),
            TaskTransition.Cancel => lifecycle.CancelAsync(id, "Cancelled by the test.", now, tellAgent: false, default),
            TaskTransition.Redrive => lifecycle.RedriveAsync(id, now, default),
            _ => throw new ArgumentOutOfRangeException(nameof(transition)),
        };
    }

    /// <summary>A task in the given state; a failed one failed as a dead letter unless told otherwise.</summary>
    private static async Task<TaskRecord> AddTaskAsync(OrchestratorDbContext db, TaskState status, string errorType = ProblemTypes.DeadLettered, Guid? workflowId = null)
    {
        var now = DateTimeOffset.UtcNow;
        var final = status.IsFinal();
        var task = new TaskRecord
        {
            Id = Guid.CreateVersion7(),
            Owner = SutazAI.Testing.PlatformHost.BootstrapOwner,
            Capability = Capability,
            Agent = "nobody",
            Status = status,
            Priority = 5,
            Progress = status == TaskState.Completed ? 100 : 10,
            Input = "{}",
            Result = status == TaskState.Completed ? """{"done":true}""" : null,
            ErrorType = status is TaskState.Failed or TaskState.Cancelled ? errorType : null,
            Error = status is TaskState.Failed or TaskState.Cancelled ? "earlier error" : null,
            CreatedAt = now,
            StartedAt = status == TaskState.Queued ? null : now,
            CompletedAt = final ? now : null,
            WorkflowId = workflowId,
            StepId = workflowId is null ? null : "step",
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        // As stored: PostgreSQL keeps microseconds, not .NET's ticks.
        return await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == task.Id);
    }
}

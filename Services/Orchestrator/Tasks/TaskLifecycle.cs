using Microsoft.EntityFrameworkCore;
using Npgsql;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Observability;
using SutazAI.Orchestrator.Outbox;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// The only code that changes a task's status. Each transition is one conditional <c>UPDATE</c> that names the
/// states it may leave from (<see cref="TaskTransitions"/>), so a duplicate, late or racing request changes nothing
/// and returns null:
/// <code>
/// transition  from                 to         asked by
/// Start       Queued, Running      Running    an agent's progress report (repeats only raise the progress)
/// Complete    Queued, Running      Completed  an agent's TaskCompleted
/// Fail        Queued, Running      Failed     an agent's TaskFailed, a dead letter
/// Cancel      Queued, Running      Cancelled  the client, a cancelled workflow, an agent that stopped on cancel
/// Redrive     Failed               Queued     an admin redriving a dead letter (only a dead-lettered plain task)
/// </code>
/// Completed and Cancelled are final; Failed is final except for a redriven dead letter. A final transition tells
/// the <see cref="ITaskObserver"/>s in the same transaction (a workflow's next steps, a bus client's event). Once the change is committed,
/// every transition goes through the same after-commit step: the outcome metric and the task's event.
/// </summary>
public sealed class TaskLifecycle(OrchestratorDbContext db, TaskEvents events, IEnumerable<ITaskObserver> observers)
{
    public const int MaxErrorLength = 4000;
    public const int MaxProgressMessageLength = 500;

    private const string Returning = """
        RETURNING "Id", "Version", "Owner", "Capability", "Agent", "Progress", "ProgressMessage", "CreatedAt", "StartedAt", "WorkflowId", "StepId"
        """;

    /// <summary>The task as the update left it (its status is the transition's target).</summary>
    private sealed record Row(Guid Id, int Version, string Owner, string Capability, string Agent, int Progress, string? ProgressMessage,
        DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, Guid? WorkflowId, string? StepId);

    /// <summary>An agent reports progress: the task runs; the percentage never goes down.</summary>
    public async Task<TaskChange?> StartAsync(Guid id, int percent, string? message, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = await UpdateAsync(TaskTransition.Start, id, """
            "StartedAt" = COALESCE("StartedAt", @at), "Progress" = GREATEST("Progress", @percent), "ProgressMessage" = @message
            """, [new("at", at), new("percent", Math.Clamp(percent, 0, 100)), new("message", (object?)message?.Clip(MaxProgressMessageLength) ?? DBNull.Value)],
            cancellationToken);
        return row is null ? null : await AfterAsync(TaskTransition.Start, row, at, null, null, cancellationToken);
    }

    public Task<TaskChange?> CompleteAsync(Guid id, string agent, string result, DateTimeOffset startedAt, DateTimeOffset completedAt, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            var row = await UpdateAsync(TaskTransition.Complete, id, """
                "Agent" = @agent, "Result" = @result::jsonb, "Progress" = 100, "ProgressMessage" = 'completed',
                "StartedAt" = COALESCE("StartedAt", @startedAt), "CompletedAt" = @at
                """, [new("agent", agent), new("result", result), new("startedAt", startedAt), new("at", completedAt)], cancellationToken);
            return row is null ? null : await AfterAsync(TaskTransition.Complete, row, completedAt, result, null, cancellationToken);
        }, cancellationToken);

    public Task<TaskChange?> FailAsync(Guid id, string errorType, string error, DateTimeOffset failedAt, CancellationToken cancellationToken) =>
        EndAsync(TaskTransition.Fail, id, errorType, error, "failed", failedAt, cancellationToken);

    /// <param name="id">The task.</param>
    /// <param name="reason">Why, as the task's error.</param>
    /// <param name="at">When.</param>
    /// <param name="tellAgent">Queue a <see cref="CancelTask"/> so an agent running it stops (not when the agent reported it).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<TaskChange?> CancelAsync(Guid id, string reason, DateTimeOffset at, bool tellAgent, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            var change = await EndAsync(TaskTransition.Cancel, id, ProblemTypes.Cancelled, reason, "cancelled", at, cancellationToken);
            if (change is not null && tellAgent)
            {
                db.Outbox.Add(OutboxMessages.Cancel(new CancelTask(id, at), at));
                await db.SaveChangesAsync(cancellationToken);
            }

            return change;
        }, cancellationToken);

    /// <summary>A dead-lettered task that is no workflow step goes back to Queued with its error cleared.</summary>
    public async Task<TaskChange?> RedriveAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = await UpdateAsync(TaskTransition.Redrive, id, """
            "Progress" = 0, "ProgressMessage" = 'redriven', "Error" = NULL, "ErrorType" = NULL, "StartedAt" = NULL, "CompletedAt" = NULL
            """, [new("deadLettered", ProblemTypes.DeadLettered)], cancellationToken,
            condition: """ AND "ErrorType" = @deadLettered AND "WorkflowId" IS NULL""");
        return row is null ? null : await AfterAsync(TaskTransition.Redrive, row, at, null, null, cancellationToken);
    }

    private Task<TaskChange?> EndAsync(TaskTransition transition, Guid id, string errorType, string error, string progressMessage, DateTimeOffset at, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            error = error.Clip(MaxErrorLength);
            var row = await UpdateAsync(transition, id, """
                "ErrorType" = @errorType, "Error" = @error, "ProgressMessage" = @progressMessage, "CompletedAt" = @at
                """, [new("errorType", errorType), new("error", error), new("progressMessage", progressMessage), new("at", at)], cancellationToken);
            return row is null ? null : await AfterAsync(transition, row, at, null, new TaskError(errorType, error), cancellationToken);
        }, cancellationToken);

    private async Task<Row?> UpdateAsync(TaskTransition transition, Guid id, string set, NpgsqlParameter[] values, CancellationToken cancellationToken, string condition = "")
    {
        var sql = $"""
            UPDATE tasks SET "Status" = @to, "Version" = "Version" + 1, {set}
            WHERE "Id" = @id AND "Status" = ANY(@from){condition}
            {Returning}
            """;
        NpgsqlParameter[] parameters =
        [
            new("to", TaskTransitions.To(transition).ToString()),
            new("id", id),
            new("from", TaskTransitions.FromColumnValues(transition)),
            .. values,
        ];
        var rows = await db.Database.SqlQueryRaw<Row>(sql, parameters).ToListAsync(cancellationToken);
        return rows.FirstOrDefault();
    }

    /// <summary>Tells the observers of a finished step now, and queues what waits for the commit.</summary>
    private async Task<TaskChange> AfterAsync(TaskTransition transition, Row row, DateTimeOffset at, string? result, TaskError? error, CancellationToken cancellationToken)
    {
        var change = new TaskChange(row.Id, row.Version, TaskTransitions.To(transition), row.Owner, row.Capability, row.Agent, row.Progress, row.ProgressMessage,
            row.CreatedAt, row.StartedAt, row.WorkflowId, row.StepId);
        if (change.Status.IsFinal())
        {
            foreach (var observer in observers)
            {
                await observer.OnTaskFinishedAsync(change, result, error, at, cancellationToken);
            }
        }

        await db.RunAfterCommitAsync(async () =>
        {
            if (OutcomeCounter(change.Status) is { } counter)
            {
                OrchestratorTelemetry.RecordOutcome(counter, change.Capability, change.Agent, change.CreatedAt, change.StartedAt, at);
            }

            await events.PublishAsync(change);
        });
        return change;
    }

    private static System.Diagnostics.Metrics.Counter<long>? OutcomeCounter(TaskState status) => status switch
    {
        TaskState.Completed => OrchestratorTelemetry.TasksCompleted,
        TaskState.Failed => OrchestratorTelemetry.TasksFailed,
        TaskState.Cancelled => OrchestratorTelemetry.TasksCancelled,
        _ => null,
    };

    /// <summary>A final transition and what its observers change commit together: in the caller's transaction, else in one of its own.</summary>
    private async Task<TaskChange?> InTransactionAsync(Func<Task<TaskChange?>> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var change = await work();
        await transaction.CommitAsync(cancellationToken);
        return change;
    }

}

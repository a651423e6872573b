using MassTransit;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Outbox;
using SutazAI.Orchestrator.Workflows;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// Applies what agents report. Every update is conditional on the task still being open, so a redelivered
/// or duplicate outcome, or one for a cancelled task, changes nothing.
/// </summary>
public sealed class TaskOutcomeConsumer(OrchestratorDbContext db, TaskEvents events, WorkflowEngine workflows, OutboxSignal signal) :
    IConsumer<TaskProgressed>,
    IConsumer<TaskCompleted>,
    IConsumer<TaskFailed>,
    IConsumer<TaskOutputDelta>
{
    /// <summary>Output pieces only pass through to the event stream; the final result arrives with TaskCompleted.</summary>
    public Task Consume(ConsumeContext<TaskOutputDelta> context) =>
        events.PublishAsync(new TaskDelta(context.Message.TaskId, context.Message.Sequence, context.Message.Text));

    public async Task Consume(ConsumeContext<TaskProgressed> context)
    {
        var report = context.Message;
        var message = report.Message is { Length: > 500 } text ? text[..500] : report.Message;
        var changed = await OpenTask(report.TaskId).ExecuteUpdateAsync(set => set
            .SetProperty(t => t.Status, TaskState.Running)
            .SetProperty(t => t.StartedAt, t => t.StartedAt ?? report.Timestamp)
            .SetProperty(t => t.Progress, t => t.Progress > report.Percent ? t.Progress : report.Percent)
            .SetProperty(t => t.ProgressMessage, message),
            context.CancellationToken);
        await AnnounceAsync(changed, new TaskEvent(report.TaskId, TaskState.Running, report.Percent, message));
    }

    public async Task Consume(ConsumeContext<TaskCompleted> context)
    {
        var outcome = context.Message;
        var result = outcome.Result.GetRawText();
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        // One round trip: the conditional update says whether it applied and, for a step, which workflow to advance.
        var applied = await db.Database.SqlQuery<StepRef>($"""
            UPDATE tasks SET "Status" = 'Completed', "Agent" = {outcome.Agent}, "Result" = {result}::jsonb, "Progress" = 100,
              "ProgressMessage" = 'completed', "StartedAt" = COALESCE("StartedAt", {outcome.StartedAt}), "CompletedAt" = {outcome.CompletedAt}
            WHERE "Id" = {outcome.TaskId} AND "Status" IN ('Queued', 'Running')
            RETURNING "WorkflowId", "StepId"
            """).ToListAsync(context.CancellationToken);
        var changed = applied.Count;
        await AdvanceWorkflowAsync(applied, outcome.TaskId, TaskState.Completed, result, null, context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        signal.Notify();
        await AnnounceAsync(changed, new TaskEvent(outcome.TaskId, TaskState.Completed, 100, "completed"));
    }

    public async Task Consume(ConsumeContext<TaskFailed> context)
    {
        var outcome = context.Message;
        var status = outcome.ErrorType == ProblemTypes.Cancelled ? TaskState.Cancelled : TaskState.Failed;
        var error = outcome.Error.Length > 4000 ? outcome.Error[..4000] : outcome.Error;
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var applied = await db.Database.SqlQuery<StepRef>($"""
            UPDATE tasks SET "Status" = {status.ToString()}, "ErrorType" = {outcome.ErrorType}, "Error" = {error},
              "ProgressMessage" = 'failed', "CompletedAt" = {outcome.FailedAt}
            WHERE "Id" = {outcome.TaskId} AND "Status" IN ('Queued', 'Running')
            RETURNING "WorkflowId", "StepId"
            """).ToListAsync(context.CancellationToken);
        var changed = applied.Count;
        await AdvanceWorkflowAsync(applied, outcome.TaskId, status, null, error, context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        signal.Notify();
        // Readers re-read a final task from the database, so the progress here need not be exact.
        await AnnounceAsync(changed, new TaskEvent(outcome.TaskId, status, 0, "failed"));
    }

    private IQueryable<TaskRecord> OpenTask(Guid id) =>
        db.Tasks.Where(t => t.Id == id && (t.Status == TaskState.Queued || t.Status == TaskState.Running));

    /// <summary>The workflow and step of a task whose outcome was just applied (both null for a plain task).</summary>
    public sealed record StepRef(Guid? WorkflowId, string? StepId);

    /// <summary>A step's outcome moves its workflow on, in the same transaction as the task's own change.</summary>
    private async Task AdvanceWorkflowAsync(List<StepRef> applied, Guid taskId, TaskState state, string? result, string? error, CancellationToken cancellationToken)
    {
        if (applied is [{ WorkflowId: { } workflowId, StepId: { } stepId }])
        {
            await workflows.OnTaskFinishedAsync(workflowId, stepId, taskId, state, result, error, cancellationToken);
        }
    }

    private async Task AnnounceAsync(int changed, TaskEvent change)
    {
        if (changed > 0)
        {
            await events.PublishAsync(change);
        }
    }
}

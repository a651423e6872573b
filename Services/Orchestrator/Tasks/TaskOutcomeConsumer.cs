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
        var changed = await OpenTask(outcome.TaskId).ExecuteUpdateAsync(set => set
            .SetProperty(t => t.Status, TaskState.Completed)
            .SetProperty(t => t.Agent, outcome.Agent)
            .SetProperty(t => t.Result, result)
            .SetProperty(t => t.Progress, 100)
            .SetProperty(t => t.ProgressMessage, "completed")
            .SetProperty(t => t.StartedAt, t => t.StartedAt ?? outcome.StartedAt)
            .SetProperty(t => t.CompletedAt, outcome.CompletedAt),
            context.CancellationToken);
        await AdvanceWorkflowAsync(changed, outcome.TaskId, TaskState.Completed, result, null, context.CancellationToken);
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
        var changed = await OpenTask(outcome.TaskId).ExecuteUpdateAsync(set => set
            .SetProperty(t => t.Status, status)
            .SetProperty(t => t.ErrorType, outcome.ErrorType)
            .SetProperty(t => t.Error, error)
            .SetProperty(t => t.ProgressMessage, "failed")
            .SetProperty(t => t.CompletedAt, outcome.FailedAt),
            context.CancellationToken);
        await AdvanceWorkflowAsync(changed, outcome.TaskId, status, null, error, context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        signal.Notify();
        // Readers re-read a final task from the database, so the progress here need not be exact.
        await AnnounceAsync(changed, new TaskEvent(outcome.TaskId, status, 0, "failed"));
    }

    private IQueryable<TaskRecord> OpenTask(Guid id) =>
        db.Tasks.Where(t => t.Id == id && (t.Status == TaskState.Queued || t.Status == TaskState.Running));

    /// <summary>A step's outcome moves its workflow on, in the same transaction as the task's own change.</summary>
    private async Task AdvanceWorkflowAsync(int changed, Guid taskId, TaskState state, string? result, string? error, CancellationToken cancellationToken)
    {
        if (changed == 0)
        {
            return;
        }

        var step = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId && t.WorkflowId != null)
            .Select(t => new { t.WorkflowId, t.StepId }).FirstOrDefaultAsync(cancellationToken);
        if (step is not null)
        {
            await workflows.OnTaskFinishedAsync(step.WorkflowId!.Value, step.StepId!, taskId, state, result, error, cancellationToken);
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

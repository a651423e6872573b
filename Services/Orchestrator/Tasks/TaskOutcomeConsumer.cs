using MassTransit;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Observability;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// Applies what agents report. Every update is conditional on the task still being open, so a redelivered
/// or duplicate outcome, or one for a cancelled task, changes nothing.
/// </summary>
public sealed class TaskOutcomeConsumer(OrchestratorDbContext db, TaskOutcomes outcomes, TaskEvents events) :
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
        var changed = await db.Tasks
            .Where(t => t.Id == report.TaskId && (t.Status == TaskState.Queued || t.Status == TaskState.Running))
            .ExecuteUpdateAsync(set => set
                .SetProperty(t => t.Status, TaskState.Running)
                .SetProperty(t => t.StartedAt, t => t.StartedAt ?? report.Timestamp)
                .SetProperty(t => t.Progress, t => t.Progress > report.Percent ? t.Progress : report.Percent)
                .SetProperty(t => t.ProgressMessage, message),
                context.CancellationToken);
        if (changed > 0)
        {
            await events.PublishAsync(new TaskEvent(report.TaskId, TaskState.Running, report.Percent, message));
        }
    }

    public async Task Consume(ConsumeContext<TaskCompleted> context)
    {
        var outcome = context.Message;
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var applied = await outcomes.CompleteAsync(outcome.TaskId, outcome.Agent, outcome.Result.GetRawText(), outcome.StartedAt, outcome.CompletedAt, context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        if (applied is not null)
        {
            OrchestratorTelemetry.RecordOutcome(OrchestratorTelemetry.TasksCompleted, applied.Capability, applied.Agent, applied.CreatedAt, applied.StartedAt ?? outcome.StartedAt, outcome.CompletedAt);
        }

        await AnnounceAsync(applied is not null, new TaskEvent(outcome.TaskId, TaskState.Completed, 100, "completed"));
    }

    public async Task Consume(ConsumeContext<TaskFailed> context)
    {
        var outcome = context.Message;
        var status = outcome.ErrorType == ProblemTypes.Cancelled ? TaskState.Cancelled : TaskState.Failed;
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var applied = await outcomes.FailAsync(outcome.TaskId, status, outcome.ErrorType, outcome.Error, outcome.FailedAt, context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        if (applied is not null)
        {
            OrchestratorTelemetry.RecordOutcome(status == TaskState.Cancelled ? OrchestratorTelemetry.TasksCancelled : OrchestratorTelemetry.TasksFailed,
                applied.Capability, applied.Agent, applied.CreatedAt, applied.StartedAt, outcome.FailedAt);
        }

        // Readers re-read a final task from the database, so the progress here need not be exact.
        await AnnounceAsync(applied is not null, new TaskEvent(outcome.TaskId, status, 0, "failed"));
    }

    private async Task AnnounceAsync(bool changed, TaskEvent change)
    {
        if (changed)
        {
            await events.PublishAsync(change);
        }
    }
}

using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Observability;
using SutazAI.Orchestrator.Outbox;
using SutazAI.Orchestrator.Workflows;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>Cancels an open task and queues a <see cref="CancelTask"/> for the agents, in one transaction.</summary>
public sealed class TaskCancellation(OrchestratorDbContext db, TaskEvents events, WorkflowEngine workflows, TimeProvider clock)
{
    public enum Result
    {
        Cancelled,
        NotFound,
        AlreadyFinished,
    }

    public async Task<(Result Result, TaskRecord? Task)> CancelAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await db.Tasks
            .Where(t => t.Id == id && (t.Status == TaskState.Queued || t.Status == TaskState.Running))
            .ExecuteUpdateAsync(set => set
                .SetProperty(t => t.Status, TaskState.Cancelled)
                .SetProperty(t => t.ErrorType, SutazAI.Contracts.ProblemTypes.Cancelled)
                .SetProperty(t => t.Error, "Cancelled by the client.")
                .SetProperty(t => t.ProgressMessage, "cancelled")
                .SetProperty(t => t.CompletedAt, now),
                cancellationToken);

        if (changed == 1)
        {
            db.Outbox.Add(OutboxMessages.Cancel(new CancelTask(id, now), now));
            await db.SaveChangesAsync(cancellationToken);
            var step = await db.Tasks.AsNoTracking().Where(t => t.Id == id && t.WorkflowId != null)
                .Select(t => new { t.WorkflowId, t.StepId }).FirstOrDefaultAsync(cancellationToken);
            if (step is not null)
            {
                await workflows.OnTaskFinishedAsync(step.WorkflowId!.Value, step.StepId!, id, TaskState.Cancelled, null, "Cancelled by the client.", cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (task is null)
        {
            return (Result.NotFound, null);
        }

        if (changed == 0)
        {
            return (Result.AlreadyFinished, task);
        }

        OrchestratorTelemetry.RecordOutcome(OrchestratorTelemetry.TasksCancelled, task.Capability, task.Agent, task.CreatedAt, task.StartedAt, now);
        await events.PublishAsync(task.ToEvent());
        return (Result.Cancelled, task);
    }
}

using SutazAI.Contracts.Workflows;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.Workflows;

/// <summary>
/// Cancels a running workflow in one transaction: its running step tasks are cancelled through the task lifecycle
/// (their agents are told to stop), steps not started yet will not start.
/// </summary>
public sealed class WorkflowCancellation(OrchestratorDbContext db, WorkflowEngine engine, TaskLifecycle lifecycle, TimeProvider clock)
{
    public const string Reason = "The workflow was cancelled.";

    public enum Result
    {
        Cancelled,
        NotFound,
        AlreadyFinished,
    }

    public async Task<Result> CancelAsync(Guid workflowId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var workflow = await engine.LockAsync(workflowId, cancellationToken);
        if (workflow is null)
        {
            return Result.NotFound;
        }

        if (workflow.Status != WorkflowState.Running)
        {
            return Result.AlreadyFinished;
        }

        // Cancelled before its tasks, so the engine, told of each cancelled step, does not fail the workflow instead.
        var now = clock.GetUtcNow();
        workflow.Status = WorkflowState.Cancelled;
        workflow.Error = "Cancelled by the client.";
        workflow.CompletedAt = now;
        WorkflowEngine.RecordDuration(workflow);
        foreach (var step in workflow.Steps.Where(s => s.Status is StepState.Pending or StepState.Running).ToList())
        {
            if (step is { Status: StepState.Running, TaskId: { } taskId })
            {
                await lifecycle.CancelAsync(taskId, Reason, now, tellAgent: true, cancellationToken);
            }

            step.Status = StepState.Cancelled;
            step.CompletedAt ??= now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Cancelled;
    }
}

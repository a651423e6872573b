using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Workflows;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// Ends an open task and moves its workflow on, inside the caller's transaction. Each update is conditional
/// on the task still being open, so a duplicate outcome, or one for a cancelled task, changes nothing.
/// </summary>
public sealed class TaskOutcomes(OrchestratorDbContext db, WorkflowEngine workflows)
{
    /// <summary>A task whose outcome was just applied: its workflow step (null for a plain task) and what metrics need.</summary>
    public sealed record Applied(Guid? WorkflowId, string? StepId, string Capability, string Agent, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt);

    /// <summary>Marks the task Completed; null when it was no longer open.</summary>
    public async Task<Applied?> CompleteAsync(Guid taskId, string agent, string result, DateTimeOffset startedAt, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        // One round trip: the conditional update says whether it applied and, for a step, which workflow to advance.
        var applied = await db.Database.SqlQuery<Applied>($"""
            UPDATE tasks SET "Status" = 'Completed', "Agent" = {agent}, "Result" = {result}::jsonb, "Progress" = 100,
              "ProgressMessage" = 'completed', "StartedAt" = COALESCE("StartedAt", {startedAt}), "CompletedAt" = {completedAt}
            WHERE "Id" = {taskId} AND "Status" IN ('Queued', 'Running')
            RETURNING "WorkflowId", "StepId", "Capability", "Agent", "CreatedAt", "StartedAt"
            """).ToListAsync(cancellationToken);
        await AdvanceWorkflowAsync(applied, taskId, TaskState.Completed, result, null, cancellationToken);
        return applied.FirstOrDefault();
    }

    /// <summary>Marks the task Failed (or Cancelled); null when it was no longer open.</summary>
    public async Task<Applied?> FailAsync(Guid taskId, TaskState status, string errorType, string error, DateTimeOffset failedAt, CancellationToken cancellationToken)
    {
        error = error.Length > 4000 ? error[..4000] : error;
        var applied = await db.Database.SqlQuery<Applied>($"""
            UPDATE tasks SET "Status" = {status.ToString()}, "ErrorType" = {errorType}, "Error" = {error},
              "ProgressMessage" = 'failed', "CompletedAt" = {failedAt}
            WHERE "Id" = {taskId} AND "Status" IN ('Queued', 'Running')
            RETURNING "WorkflowId", "StepId", "Capability", "Agent", "CreatedAt", "StartedAt"
            """).ToListAsync(cancellationToken);
        await AdvanceWorkflowAsync(applied, taskId, status, null, error, cancellationToken);
        return applied.FirstOrDefault();
    }

    /// <summary>A step's outcome moves its workflow on, in the same transaction as the task's own change.</summary>
    private async Task AdvanceWorkflowAsync(List<Applied> applied, Guid taskId, TaskState state, string? result, string? error, CancellationToken cancellationToken)
    {
        if (applied is [{ WorkflowId: { } workflowId, StepId: { } stepId }])
        {
            await workflows.OnTaskFinishedAsync(workflowId, stepId, taskId, state, result, error, cancellationToken);
        }
    }
}

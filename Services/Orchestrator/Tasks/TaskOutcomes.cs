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
    /// <summary>The workflow and step of a task whose outcome was just applied (both null for a plain task).</summary>
    public sealed record StepRef(Guid? WorkflowId, string? StepId);

    /// <summary>Marks the task Completed; false when it was no longer open.</summary>
    public async Task<bool> CompleteAsync(Guid taskId, string agent, string result, DateTimeOffset startedAt, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        // One round trip: the conditional update says whether it applied and, for a step, which workflow to advance.
        var applied = await db.Database.SqlQuery<StepRef>($"""
            UPDATE tasks SET "Status" = 'Completed', "Agent" = {agent}, "Result" = {result}::jsonb, "Progress" = 100,
              "ProgressMessage" = 'completed', "StartedAt" = COALESCE("StartedAt", {startedAt}), "CompletedAt" = {completedAt}
            WHERE "Id" = {taskId} AND "Status" IN ('Queued', 'Running')
            RETURNING "WorkflowId", "StepId"
            """).ToListAsync(cancellationToken);
        await AdvanceWorkflowAsync(applied, taskId, TaskState.Completed, result, null, cancellationToken);
        return applied.Count > 0;
    }

    /// <summary>Marks the task Failed (or Cancelled); false when it was no longer open.</summary>
    public async Task<bool> FailAsync(Guid taskId, TaskState status, string errorType, string error, DateTimeOffset failedAt, CancellationToken cancellationToken)
    {
        error = error.Length > 4000 ? error[..4000] : error;
        var applied = await db.Database.SqlQuery<StepRef>($"""
            UPDATE tasks SET "Status" = {status.ToString()}, "ErrorType" = {errorType}, "Error" = {error},
              "ProgressMessage" = 'failed', "CompletedAt" = {failedAt}
            WHERE "Id" = {taskId} AND "Status" IN ('Queued', 'Running')
            RETURNING "WorkflowId", "StepId"
            """).ToListAsync(cancellationToken);
        await AdvanceWorkflowAsync(applied, taskId, status, null, error, cancellationToken);
        return applied.Count > 0;
    }

    /// <summary>A step's outcome moves its workflow on, in the same transaction as the task's own change.</summary>
    private async Task AdvanceWorkflowAsync(List<StepRef> applied, Guid taskId, TaskState state, string? result, string? error, CancellationToken cancellationToken)
    {
        if (applied is [{ WorkflowId: { } workflowId, StepId: { } stepId }])
        {
            await workflows.OnTaskFinishedAsync(workflowId, stepId, taskId, state, result, error, cancellationToken);
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;
using SutazAI.Contracts.Workflows;
using SutazAI.Orchestrator.Assignment;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Observability;
using SutazAI.Orchestrator.Outbox;
using SutazAI.Orchestrator.Registry;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.Workflows;

/// <summary>
/// Runs workflows from PostgreSQL: each step becomes a task as soon as the steps it depends on completed, with
/// their outputs wired into its input. Every change happens in the same transaction as the task outcome that
/// caused it (the workflow row is locked meanwhile), so a crash or restart neither loses a step nor runs one twice.
/// </summary>
public sealed class WorkflowEngine(
    OrchestratorDbContext db,
    CapabilityCatalog catalog,
    AgentRegistry registry,
    AssignmentStrategies strategies,
    IConfiguration configuration,
    TimeProvider clock)
{
    public async Task<WorkflowRecord> CreateAsync(SubmitWorkflowRequest request, string? requester, CancellationToken cancellationToken, Action<WorkflowRecord>? beforeSave = null)
    {
        var now = clock.GetUtcNow();
        var workflow = new WorkflowRecord
        {
            Id = Guid.CreateVersion7(now),
            Name = request.Name,
            Status = WorkflowState.Running,
            Input = request.Input?.GetRawText() ?? "{}",
            Requester = requester,
            Priority = SubmitTaskRequest.DefaultPriority,
            CreatedAt = now,
            Steps = request.Steps!.Select((step, position) => new WorkflowStepRecord
            {
                StepId = step.Id!,
                Position = position,
                Capability = step.Capability!,
                Input = step.Input!.Value.GetRawText(),
                DependsOn = [.. step.DependsOn ?? []],
                Status = StepState.Pending,
                MaxAttempts = 1 + (step.Retries ?? 0),
            }).ToList(),
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Workflows.Add(workflow);
        await AdvanceAsync(workflow, cancellationToken);
        beforeSave?.Invoke(workflow);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return workflow;
    }

    /// <summary>Applies a step task's outcome. Call inside the transaction that changed the task.</summary>
    public async Task OnTaskFinishedAsync(Guid workflowId, string stepId, Guid taskId, TaskState state, string? result, string? error, CancellationToken cancellationToken)
    {
        var workflow = await LockAsync(workflowId, cancellationToken);
        var step = workflow?.Steps.SingleOrDefault(s => s.StepId == stepId);
        if (workflow is null || step is null || step.TaskId != taskId || step.Status != StepState.Running)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (state == TaskState.Completed)
        {
            step.Status = StepState.Completed;
            step.Output = result;
            step.CompletedAt = now;
        }
        else if (state == TaskState.Failed && workflow.Status == WorkflowState.Running && step.Attempts < step.MaxAttempts)
        {
            step.Error = error;
            await StartAsync(workflow, step, cancellationToken);
        }
        else
        {
            step.Status = state == TaskState.Cancelled ? StepState.Cancelled : StepState.Failed;
            step.Error = error;
            step.CompletedAt = now;
            Fail(workflow, $"Step '{step.StepId}' {(state == TaskState.Cancelled ? "was cancelled" : "failed")}: {error}");
        }

        await AdvanceAsync(workflow, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public enum CancelResult
    {
        Cancelled,
        NotFound,
        AlreadyFinished,
    }

    public async Task<CancelResult> CancelAsync(Guid workflowId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var workflow = await LockAsync(workflowId, cancellationToken);
        if (workflow is null)
        {
            return CancelResult.NotFound;
        }

        if (workflow.Status != WorkflowState.Running)
        {
            return CancelResult.AlreadyFinished;
        }

        var now = clock.GetUtcNow();
        workflow.Status = WorkflowState.Cancelled;
        workflow.Error = "Cancelled by the client.";
        workflow.CompletedAt = now;
        RecordDuration(workflow);
        foreach (var step in workflow.Steps.Where(s => s.Status is StepState.Pending or StepState.Running))
        {
            if (step is { Status: StepState.Running, TaskId: { } taskId })
            {
                var changed = await db.Tasks
                    .Where(t => t.Id == taskId && (t.Status == TaskState.Queued || t.Status == TaskState.Running))
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(t => t.Status, TaskState.Cancelled)
                        .SetProperty(t => t.ErrorType, ProblemTypes.Cancelled)
                        .SetProperty(t => t.Error, "The workflow was cancelled.")
                        .SetProperty(t => t.CompletedAt, now), cancellationToken);
                if (changed > 0)
                {
                    db.Outbox.Add(OutboxMessages.Cancel(new CancelTask(taskId, now), now));
                }
            }

            step.Status = StepState.Cancelled;
            step.CompletedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CancelResult.Cancelled;
    }

    private async Task<WorkflowRecord?> LockAsync(Guid workflowId, CancellationToken cancellationToken)
    {
        // Two steps finishing at once must not both dispatch the step that waits for them.
        var locked = await db.Workflows.FromSql($"SELECT * FROM workflows WHERE \"Id\" = {workflowId} FOR UPDATE").AnyAsync(cancellationToken);
        return locked
            ? await db.Workflows.Include(w => w.Steps).FirstAsync(w => w.Id == workflowId, cancellationToken)
            : null;
    }

    /// <summary>Dispatches every pending step whose dependencies completed; completes the workflow when all did.</summary>
    private async Task AdvanceAsync(WorkflowRecord workflow, CancellationToken cancellationToken)
    {
        if (workflow.Status == WorkflowState.Running)
        {
            var completed = workflow.Steps.Where(s => s.Status == StepState.Completed).Select(s => s.StepId).ToHashSet();
            foreach (var step in workflow.Steps.Where(s => s.Status == StepState.Pending).OrderBy(s => s.Position).ToList())
            {
                if (step.DependsOn.All(completed.Contains) && workflow.Status == WorkflowState.Running)
                {
                    await StartAsync(workflow, step, cancellationToken);
                }
            }

            if (workflow.Steps.All(s => s.Status == StepState.Completed))
            {
                workflow.Status = WorkflowState.Completed;
                workflow.CompletedAt = clock.GetUtcNow();
                RecordDuration(workflow);
            }
        }
    }

    private async Task StartAsync(WorkflowRecord workflow, WorkflowStepRecord step, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var results = workflow.Steps
            .Where(s => s.Status == StepState.Completed)
            .ToDictionary(s => s.StepId, s => s.Output is null ? null : JsonNode.Parse(s.Output));
        JsonElement input;
        try
        {
            var resolved = StepTemplates.Resolve(JsonNode.Parse(step.Input), JsonNode.Parse(workflow.Input), results);
            input = JsonSerializer.SerializeToElement(resolved);
        }
        catch (InvalidOperationException ex)
        {
            FailStep(workflow, step, ex.Message, now);
            return;
        }

        var offers = await catalog.FindAsync(step.Capability, cancellationToken);
        if (offers.Count == 0)
        {
            FailStep(workflow, step, $"No agent offers '{step.Capability}' any more.", now);
            return;
        }

        var violations = InputValidator.Validate(offers[0].Schema, input);
        if (violations.Count > 0)
        {
            FailStep(workflow, step, $"The resolved input does not match '{step.Capability}': {string.Join("; ", violations)}", now);
            return;
        }

        var decision = strategies.Choose(AssignmentStrategies.StrategyFor(configuration, step.Capability), step.Capability, workflow.Priority,
            offers.Select(o => o.Agent).ToList(), await registry.SnapshotAsync(cancellationToken));
        var task = TaskDispatch.Add(db, offers[0].Name, decision, input, workflow.Priority, workflow.Requester, now, workflow.Id, step.StepId);
        step.TaskId = task.Id;
        step.Status = StepState.Running;
        step.Attempts++;
        step.StartedAt ??= now;
    }

    private void FailStep(WorkflowRecord workflow, WorkflowStepRecord step, string error, DateTimeOffset now)
    {
        step.Status = StepState.Failed;
        step.Error = error;
        step.CompletedAt = now;
        Fail(workflow, $"Step '{step.StepId}' failed: {error}");
    }

    /// <summary>The workflow fails; steps that have not started will not (Skipped).</summary>
    private void Fail(WorkflowRecord workflow, string error)
    {
        if (workflow.Status != WorkflowState.Running)
        {
            return;
        }

        workflow.Status = WorkflowState.Failed;
        workflow.Error = error;
        workflow.CompletedAt = clock.GetUtcNow();
        RecordDuration(workflow);
        foreach (var pending in workflow.Steps.Where(s => s.Status == StepState.Pending))
        {
            pending.Status = StepState.Skipped;
        }
    }

    private static void RecordDuration(WorkflowRecord workflow) =>
        OrchestratorTelemetry.WorkflowDuration.Record(
            Math.Max(0, ((workflow.CompletedAt ?? workflow.CreatedAt) - workflow.CreatedAt).TotalSeconds),
            new KeyValuePair<string, object?>("status", workflow.Status.ToString()));
}

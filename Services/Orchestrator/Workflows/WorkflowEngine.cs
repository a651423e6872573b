using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Tasks;
using SutazAI.Contracts.Workflows;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Idempotency;
using SutazAI.Orchestrator.Observability;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.Workflows;

/// <summary>
/// Runs workflows from PostgreSQL: each step becomes a task as soon as the steps it depends on completed, with
/// their outputs wired into its input. Every change happens in the same transaction as the task outcome that
/// caused it (the workflow row is locked meanwhile), so a crash or restart neither loses a step nor runs one twice.
/// </summary>
public sealed class WorkflowEngine(
    OrchestratorDbContext db, TaskDispatcher dispatcher, WorkflowValidator validator, IdempotencyContext idempotency, TimeProvider clock) : ITaskObserver
{
    /// <summary>Stores the workflow and dispatches its first steps in one commit (with the request's idempotent answer, if keyed).</summary>
    /// <param name="request">A validated workflow.</param>
    /// <param name="owner">Whom it runs for.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <param name="goal">For a goal (<see cref="GoalPlans"/>): the goal in words.</param>
    public async Task<WorkflowRecord> CreateAsync(SubmitWorkflowRequest request, string owner, CancellationToken cancellationToken, string? goal = null)
    {
        var now = clock.GetUtcNow();
        var workflow = new WorkflowRecord
        {
            Id = Guid.CreateVersion7(now),
            Name = request.Name,
            Status = WorkflowState.Running,
            Input = request.Input?.GetRawText() ?? "{}",
            Owner = owner,
            Goal = goal,
            Priority = SubmitTaskRequest.DefaultPriority,
            CreatedAt = now,
            Steps = StepRecords(request.Steps!, firstPosition: 0).ToList(),
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Workflows.Add(workflow);
        await AdvanceAsync(workflow, cancellationToken);
        idempotency.Remember(StatusCodes.Status202Accepted, $"/api/v1/workflows/{workflow.Id}", workflow.ToView());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return workflow;
    }

    /// <summary>A step's task ended: the workflow moves on, in the transaction that changed the task.</summary>
    public async Task OnTaskFinishedAsync(TaskChange change, string? result, TaskError? error, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (change.WorkflowId is not { } workflowId)
        {
            return;
        }

        var state = change.Status;
        var reason = error?.Detail;
        var workflow = await LockAsync(workflowId, cancellationToken);
        var step = workflow?.Steps.SingleOrDefault(s => s.StepId == change.StepId);
        if (workflow is null || step is null || step.TaskId != change.Id || step.Status != StepState.Running)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (state == TaskState.Completed)
        {
            step.Status = StepState.Completed;
            step.Output = result;
            step.CompletedAt = now;
            if (GoalPlans.IsPlanStep(workflow, step))
            {
                await AddPlannedStepsAsync(workflow, step, cancellationToken);
            }
        }
        else if (state == TaskState.Failed && workflow.Status == WorkflowState.Running && step.Attempts < step.MaxAttempts)
        {
            step.Error = reason;
            await StartAsync(workflow, step, cancellationToken);
        }
        else
        {
            step.Status = state == TaskState.Cancelled ? StepState.Cancelled : StepState.Failed;
            step.Error = reason;
            step.CompletedAt = now;
            Fail(workflow, $"Step '{step.StepId}' {(state == TaskState.Cancelled ? "was cancelled" : "failed")}: {reason}");
        }

        await AdvanceAsync(workflow, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A goal's plan arrived: its steps join the workflow, or the workflow fails when the plan is not valid.</summary>
    private async Task AddPlannedStepsAsync(WorkflowRecord workflow, WorkflowStepRecord planStep, CancellationToken cancellationToken)
    {
        var (plan, problem) = GoalPlans.Read(workflow, planStep.Output);
        var errors = plan is null ? [] : await validator.ValidateAsync(plan, cancellationToken);
        if (problem is not null || errors.Count > 0)
        {
            Fail(workflow, $"The goal's plan is not a valid workflow: {problem ?? string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")))}");
            return;
        }

        workflow.Name = plan!.Name;
        foreach (var step in StepRecords(plan.Steps!, firstPosition: workflow.Steps.Count).ToList())
        {
            step.WorkflowId = workflow.Id;
            db.WorkflowSteps.Add(step);
            workflow.Steps.Add(step);
        }
    }

    private static IEnumerable<WorkflowStepRecord> StepRecords(IEnumerable<WorkflowStepRequest?> steps, int firstPosition) =>
        steps.Select((step, index) => new WorkflowStepRecord
        {
            StepId = step!.Id!,
            Position = firstPosition + index,
            Capability = step.Capability!,
            Input = step.Input!.Value.GetRawText(),
            DependsOn = [.. step.DependsOn ?? []],
            Status = StepState.Pending,
            MaxAttempts = 1 + (step.Retries ?? 0),
        });

    /// <summary>Loads the workflow with its steps, locked until the transaction ends.</summary>
    internal async Task<WorkflowRecord?> LockAsync(Guid workflowId, CancellationToken cancellationToken)
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
            var resolved = GoalPlans.IsPlanStep(workflow, step)
                ? JsonNode.Parse(step.Input)
                : StepTemplates.Resolve(JsonNode.Parse(step.Input), JsonNode.Parse(workflow.Input), results);
            input = JsonSerializer.SerializeToElement(resolved);
        }
        catch (InvalidOperationException ex)
        {
            FailStep(workflow, step, ex.Message, now);
            return;
        }

        var (choice, refusal) = await dispatcher.ChooseAsync(step.Capability, null, input, workflow.Priority, cancellationToken);
        if (refusal is not null)
        {
            FailStep(workflow, step, refusal.ProblemType == ProblemTypes.UnknownCapability
                ? $"No agent offers '{step.Capability}' any more."
                : $"The resolved input does not match '{step.Capability}': {string.Join("; ", refusal.Messages)}", now);
            return;
        }

        var task = dispatcher.Dispatch(choice!, input, workflow.Priority, workflow.Owner, workflow.Id, step.StepId);
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

    internal static void RecordDuration(WorkflowRecord workflow) =>
        OrchestratorTelemetry.WorkflowDuration.Record(
            Math.Max(0, ((workflow.CompletedAt ?? workflow.CreatedAt) - workflow.CreatedAt).TotalSeconds),
            new KeyValuePair<string, object?>("status", workflow.Status.ToString()));
}

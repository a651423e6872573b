using System.Text.Json;
using System.Text.Json.Serialization;

namespace SutazAI.Contracts.Workflows;

/// <summary>Body of <c>POST /api/v1/workflows</c>: a DAG of steps; a step input may reference
/// <c>${input.x}</c> (the workflow's input) or <c>${steps.&lt;id&gt;.result.&lt;path&gt;}</c> (an earlier step's output).</summary>
public sealed record SubmitWorkflowRequest(string? Name, JsonElement? Input, IReadOnlyList<WorkflowStepRequest>? Steps);

/// <param name="Id">Unique within the workflow: letters, digits, '-' and '_'.</param>
/// <param name="Capability">The skill to run.</param>
/// <param name="Input">The skill's input, with references resolved when the step is dispatched.</param>
/// <param name="DependsOn">Steps that must complete first.</param>
/// <param name="Retries">Extra attempts when the step fails (0-5).</param>
public sealed record WorkflowStepRequest(string? Id, string? Capability, JsonElement? Input, IReadOnlyList<string>? DependsOn, int? Retries);

[JsonConverter(typeof(JsonStringEnumConverter<WorkflowState>))]
public enum WorkflowState
{
    Running,
    Completed,
    Failed,
    Cancelled,
}

[JsonConverter(typeof(JsonStringEnumConverter<StepState>))]
public enum StepState
{
    Pending,
    Running,
    Completed,
    Failed,
    Skipped,
    Cancelled,
}

public sealed record WorkflowView(
    Guid Id,
    string? Name,
    WorkflowState Status,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<WorkflowStepView> Steps);

public sealed record WorkflowStepView(
    string Id,
    string Capability,
    StepState Status,
    IReadOnlyList<string> DependsOn,
    Guid? TaskId,
    int Attempts,
    JsonElement? Output,
    string? Error,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt);

/// <summary>Body of <c>POST /api/v1/goals</c>: a goal in words, and the input its steps may reference.</summary>
public sealed record GoalRequest(string? Goal, JsonElement? Input);

/// <summary>The goal's workflow (follow it at its Location) and the task that plans it.</summary>
public sealed record GoalAccepted(Guid WorkflowId, Guid? PlanTaskId);

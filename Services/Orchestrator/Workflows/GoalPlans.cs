using System.Text.Json;
using SutazAI.Contracts.Planning;
using SutazAI.Contracts.Workflows;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Workflows;

/// <summary>
/// A goal runs as a workflow whose first step, <c>plan</c>, asks the planner for the rest: the request answers at
/// once, and when the plan step completes its <see cref="PlanResult"/> becomes the workflow's further steps.
/// </summary>
public static class GoalPlans
{
    public const string PlanStepId = "plan";

    /// <summary>A one-step workflow whose step plans the goal over the given capabilities.</summary>
    public static SubmitWorkflowRequest Request(string goal, JsonElement input, IReadOnlyList<CatalogueEntry> catalogue) => new(
        goal.Clip(WorkflowValidator.MaxNameLength),
        input,
        [new WorkflowStepRequest(PlanStepId, PlanRequest.Capability,
            JsonSerializer.SerializeToElement(new PlanRequest(goal, input, catalogue), JsonSerializerOptions.Web), [], null)]);

    /// <summary>The plan step of a goal, whose input is sent as it is (a goal's text is not a template).</summary>
    public static bool IsPlanStep(WorkflowRecord workflow, WorkflowStepRecord step) =>
        workflow.Goal is not null && step.StepId == PlanStepId;

    /// <summary>The planner's result as a workflow request over the goal's input, or the reason it is none.</summary>
    public static (SubmitWorkflowRequest? Plan, string? Problem) Read(WorkflowRecord workflow, string? output)
    {
        PlanResult? plan;
        try
        {
            plan = output is null ? null : JsonSerializer.Deserialize<PlanResult>(output, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return (null, $"The planner's result is not a plan: {ex.Message}");
        }

        if (plan is not { Steps.Count: > 0 })
        {
            return (null, "The planner returned no steps.");
        }

        if (plan.Steps.Any(s => s?.Id == PlanStepId))
        {
            return (null, $"The plan reuses the step id '{PlanStepId}'.");
        }

        return (new SubmitWorkflowRequest(plan.Name, JsonDocument.Parse(workflow.Input).RootElement.Clone(), plan.Steps), null);
    }
}

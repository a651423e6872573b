using System.Text.Json;
using SutazAI.Contracts.Planning;
using SutazAI.Orchestrator.Registry;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.Workflows;

/// <summary>
/// A goal becomes a workflow whose first step asks the planner for a plan, given the capabilities offered now; the
/// rest of the workflow is made when the plan arrives. Used by <c>POST /api/v1/goals</c> and the MCP tool alike.
/// </summary>
public sealed class GoalSubmission(CapabilityCatalog catalog, WorkflowValidator validator, WorkflowEngine engine)
{
    /// <summary>The goal's workflow and the task that plans it, or why there is none (one of the three reasons).</summary>
    public sealed record Outcome(Guid? WorkflowId, Guid? PlanTaskId, string? Invalid = null, string? Forbidden = null, string? Unavailable = null);

    private static readonly string GoalRule = $"goal is 3 to {PlanRequest.MaxGoalLength} characters; input, when given, is a JSON object.";

    public async Task<Outcome> SubmitAsync(string? goal, JsonElement? input, Submitter submitter, CancellationToken cancellationToken)
    {
        if (goal is not { Length: >= 3 and <= PlanRequest.MaxGoalLength } || (input is { } given && given.ValueKind != JsonValueKind.Object))
        {
            return new Outcome(null, null, Invalid: GoalRule);
        }

        var offered = await catalog.CurrentAsync(cancellationToken);
        if (!offered.Any(e => e.Name == PlanRequest.Capability))
        {
            return new Outcome(null, null, Unavailable: $"No agent offers '{PlanRequest.Capability}'; start the planner and try again.");
        }

        var catalogue = offered.Where(e => e.Name != PlanRequest.Capability).DistinctBy(e => e.Name)
            .Select(e => new CatalogueEntry(e.Name, e.Description, e.SchemaJson)).Take(PlanRequest.MaxCatalogueEntries).ToList();
        // Planning may ask the LLM, so a goal needs the rights its plan step needs (and those cover any LLM step it plans).
        var plan = GoalPlans.Request(goal, input ?? JsonSerializer.SerializeToElement(new { }), catalogue);
        if (await validator.RefusalAsync(plan, submitter, cancellationToken) is { } refusal)
        {
            return new Outcome(null, null, Forbidden: refusal);
        }

        var workflow = await engine.CreateAsync(plan, submitter.Owner, cancellationToken, goal);
        return new Outcome(workflow.Id, workflow.Steps.Single(s => s.StepId == GoalPlans.PlanStepId).TaskId);
    }
}

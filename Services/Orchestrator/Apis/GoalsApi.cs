using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SutazAI.Contracts;
using SutazAI.Contracts.Planning;
using SutazAI.Orchestrator.Registry;
using SutazAI.Orchestrator.Tasks;
using SutazAI.Orchestrator.Workflows;

namespace SutazAI.Orchestrator.Apis;

public static class GoalsApi
{
    public sealed record GoalRequest(string? Goal, JsonElement? Input);

    /// <summary>The goal's workflow (follow it at its Location) and the task that plans it.</summary>
    public sealed record GoalAccepted(Guid WorkflowId, Guid? PlanTaskId);

    public static IEndpointRouteBuilder MapGoalsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/goals", SubmitGoal).WithTags("Workflows").WithName("SubmitGoal").RequireTaskScopes()
            .WithSummary("Plan a goal with the planner agent and run the plan as a workflow; answers at once, the plan is the workflow's first step");
        return app;
    }

    public static async Task<Results<Accepted<GoalAccepted>, ValidationProblem, ForbiddenProblem, UnavailableProblem>> SubmitGoal(
        JsonBody<GoalRequest> request, Submitter submitter, CapabilityCatalog catalog, WorkflowValidator validator, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var body = request.Value;
        if (body.Goal is not { Length: >= 3 and <= PlanRequest.MaxGoalLength } goal || (body.Input is { } given && given.ValueKind != JsonValueKind.Object))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["goal"] = [$"goal is 3 to {PlanRequest.MaxGoalLength} characters; input, when given, is a JSON object."] },
                type: ProblemTypes.ValidationFailed);
        }

        var offered = await catalog.CurrentAsync(cancellationToken);
        if (!offered.Any(e => e.Name == PlanRequest.Capability))
        {
            return new UnavailableProblem("The goal cannot be planned now", $"No agent offers '{PlanRequest.Capability}'; start the planner and try again.");
        }

        var catalogue = offered.Where(e => e.Name != PlanRequest.Capability).DistinctBy(e => e.Name)
            .Select(e => new CatalogueEntry(e.Name, e.Description, e.SchemaJson)).Take(PlanRequest.MaxCatalogueEntries).ToList();
        var input = body.Input ?? JsonSerializer.SerializeToElement(new { });
        // Planning may ask the LLM, so a goal needs the rights its plan step needs (and those cover any LLM step it plans).
        var plan = GoalPlans.Request(goal, input, catalogue);
        if (await validator.RefusalAsync(plan, submitter, cancellationToken) is { } refusal)
        {
            return new ForbiddenProblem(refusal);
        }

        var workflow = await engine.CreateAsync(plan, submitter.Owner, cancellationToken, goal);
        var planTask = workflow.Steps.Single(s => s.StepId == GoalPlans.PlanStepId).TaskId;
        return TypedResults.Accepted($"/api/v1/workflows/{workflow.Id}", new GoalAccepted(workflow.Id, planTask));
    }
}

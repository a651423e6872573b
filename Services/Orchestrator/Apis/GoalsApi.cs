using Microsoft.AspNetCore.Http.HttpResults;
using SutazAI.Contracts;
using SutazAI.Contracts.Workflows;
using SutazAI.Orchestrator.Tasks;
using SutazAI.Orchestrator.Workflows;

namespace SutazAI.Orchestrator.Apis;

public static class GoalsApi
{
    public static IEndpointRouteBuilder MapGoalsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/goals", SubmitGoal).WithTags("Workflows").WithName("SubmitGoal").RequireTaskScopes()
            .WithSummary("Plan a goal with the planner agent and run the plan as a workflow; answers at once, the plan is the workflow's first step");
        return app;
    }

    public static async Task<Results<Accepted<GoalAccepted>, ValidationProblem, ForbiddenProblem, UnavailableProblem>> SubmitGoal(
        JsonBody<GoalRequest> request, Submitter submitter, GoalSubmission goals, CancellationToken cancellationToken)
    {
        var outcome = await goals.SubmitAsync(request.Value.Goal, request.Value.Input, submitter, cancellationToken);
        return outcome switch
        {
            { WorkflowId: { } id } => TypedResults.Accepted($"/api/v1/workflows/{id}", new GoalAccepted(id, outcome.PlanTaskId)),
            { Invalid: { } invalid } => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["goal"] = [invalid] }, type: ProblemTypes.ValidationFailed),
            { Forbidden: { } forbidden } => new ForbiddenProblem(forbidden),
            _ => new UnavailableProblem("The goal cannot be planned now", outcome.Unavailable!),
        };
    }
}

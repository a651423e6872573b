using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Tasks;
using SutazAI.Contracts.Workflows;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Tasks;
using SutazAI.Orchestrator.Workflows;

namespace SutazAI.Orchestrator.Apis;

public static class GoalsApi
{
    private static readonly TimeSpan PlanningTimeout = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record GoalRequest(string? Goal, JsonElement? Input);

    public sealed record GoalAccepted(Guid WorkflowId, Guid PlanTaskId, string Method, string? Note, JsonElement Plan);

    public static IEndpointRouteBuilder MapGoalsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/goals", SubmitGoal).WithTags("Workflows").WithName("SubmitGoal")
            .WithSummary("Plan a goal with the planner agent and run the plan as a workflow")
            .Accepts<GoalRequest>("application/json")
            .Produces<GoalAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        return app;
    }

    public static async Task<IResult> SubmitGoal(
        JsonBody<GoalRequest> request, ClaimsPrincipal caller, TaskSubmission submission, WorkflowValidator validator, WorkflowEngine engine, OrchestratorDbContext db, CancellationToken cancellationToken)
    {
        var body = request.Value;
        if (body.Goal is not { Length: >= 3 and <= 2000 } goal || (body.Input is { } given && given.ValueKind != JsonValueKind.Object))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["goal"] = ["goal is 3 to 2000 characters; input, when given, is a JSON object."] },
                type: ProblemTypes.ValidationFailed);
        }

        var input = body.Input ?? JsonSerializer.SerializeToElement(new { });
        var planning = await submission.SubmitAsync(
            new SubmitTaskRequest("plan.create", JsonSerializer.SerializeToElement(new { goal, input }), 7, null),
            caller.Requester(),
            cancellationToken);
        if (planning.Task is null)
        {
            return planning.IsUnavailable ? planning.AsUnavailable() : planning.AsValidationProblem();
        }

        var planTask = await WaitForAsync(db, planning.Task.Id, cancellationToken);
        if (planTask?.Status != TaskState.Completed)
        {
            return TypedResults.Problem(
                statusCode: planTask is null ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status422UnprocessableEntity,
                title: "The goal could not be planned",
                detail: planTask is null ? $"Planning did not finish within {PlanningTimeout.TotalSeconds:F0} s; follow task {planning.Task.Id}." : planTask.Error,
                type: planTask?.ErrorType ?? ProblemTypes.ServiceUnavailable);
        }

        var plan = JsonDocument.Parse(planTask.Result!).RootElement.Clone();
        var workflow = new SubmitWorkflowRequest(
            plan.GetProperty("name").GetString(),
            input,
            plan.GetProperty("steps").Deserialize<List<WorkflowStepRequest>>(Json));
        var errors = await validator.ValidateAsync(workflow, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, "The plan is not a valid workflow; nothing was run.",
                type: ProblemTypes.ValidationFailed, title: "The goal's plan is invalid", extensions: new Dictionary<string, object?> { ["plan"] = plan });
        }

        var created = await engine.CreateAsync(workflow, caller.Requester(), cancellationToken);
        return TypedResults.Json(
            new GoalAccepted(created.Id, planTask.Id, plan.GetProperty("method").GetString()!, plan.TryGetProperty("note", out var note) ? note.GetString() : null, plan),
            statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<TaskRecord?> WaitForAsync(OrchestratorDbContext db, Guid taskId, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + PlanningTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var task = await db.Tasks.AsNoTracking().FirstAsync(t => t.Id == taskId, cancellationToken);
            if (task.Status.IsFinal())
            {
                return task;
            }

            await Task.Delay(100, cancellationToken);
        }

        return null;
    }
}

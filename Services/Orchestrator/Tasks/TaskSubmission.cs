using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Idempotency;
using SutazAI.Orchestrator.Routing;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// Accepts tasks: checks the request, resolves <c>auto</c> to a capability, validates the input against the
/// skill's schema, picks the agent with the capability's strategy, then stores each task with its
/// <see cref="ExecuteTask"/> in one transaction. Nothing is stored when any check fails (for a batch: any task).
/// </summary>
public sealed class TaskSubmission(OrchestratorDbContext db, TaskDispatcher dispatcher, CapabilityRouter router, IdempotencyContext idempotency)
{
    public const int MinPriority = 0;
    public const int MaxPriority = AgentQueues.MaxPriority;
    public const int MaxBatch = 500;

    /// <summary>A checked task, ready to store.</summary>
    private sealed record Plan(TaskDispatcher.Choice Choice, JsonElement Input, int Priority, string? Routing);

    /// <summary>One task; a request with an <c>Idempotency-Key</c> stores its answer in the same commit.</summary>
    public async Task<SubmitOutcome> SubmitAsync(SubmitTaskRequest request, Submitter submitter, CancellationToken cancellationToken)
    {
        var (plan, problem) = await CheckAsync(request, submitter, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var task = Add(plan!, submitter.Owner);
        idempotency.Remember(StatusCodes.Status202Accepted, $"/api/v1/tasks/{task.Id}", task.ToView());
        await db.SaveChangesAsync(cancellationToken);
        return SubmitOutcome.Accepted(task);
    }

    /// <summary>All tasks or none: every one is checked before any is stored.</summary>
    public async Task<(IReadOnlyList<TaskRecord>? Tasks, SubmitOutcome? Problem)> SubmitBatchAsync(
        IReadOnlyList<SubmitTaskRequest?>? requests, Submitter submitter, CancellationToken cancellationToken)
    {
        if (requests is not { Count: > 0 and <= MaxBatch })
        {
            return (null, SubmitOutcome.Invalid(ProblemTypes.ValidationFailed, $"Send 1 to {MaxBatch} tasks.",
                new Dictionary<string, string[]> { ["tasks"] = [$"A batch holds 1 to {MaxBatch} tasks; this one has {requests?.Count ?? 0}."] }));
        }

        var plans = new List<Plan>();
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is not { } request)
            {
                errors[$"tasks[{i}]"] = ["The task is null."];
                continue;
            }

            var (plan, problem) = await CheckAsync(request, submitter, cancellationToken);
            if (problem is { IsForbidden: true })
            {
                return (null, problem);
            }

            if (problem is not null)
            {
                foreach (var (key, messages) in problem.Errors!)
                {
                    errors[$"tasks[{i}].{key}"] = [.. messages];
                }
            }
            else
            {
                plans.Add(plan!);
            }
        }

        if (errors.Count > 0)
        {
            return (null, SubmitOutcome.Invalid(ProblemTypes.ValidationFailed, "No task of the batch was accepted.", errors));
        }

        var tasks = plans.Select(plan => Add(plan, submitter.Owner)).ToList();
        await db.SaveChangesAsync(cancellationToken);
        return (tasks, null);
    }

    private TaskRecord Add(Plan plan, string owner) =>
        dispatcher.Dispatch(plan.Choice, plan.Input, plan.Priority, owner, routing: plan.Routing);

    private async Task<(Plan? Plan, SubmitOutcome? Problem)> CheckAsync(SubmitTaskRequest request, Submitter submitter, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Capability))
        {
            problems["capability"] = ["The capability is required, e.g. \"text.sentiment\", or \"auto\" to route by meaning."];
        }
        else if (request.Capability.Length > 200)
        {
            problems["capability"] = ["The capability name is at most 200 characters."];
        }

        if (request.Input is not { ValueKind: JsonValueKind.Object })
        {
            problems["input"] = ["The input is required and must be a JSON object."];
        }

        var priority = request.Priority ?? SubmitTaskRequest.DefaultPriority;
        if (priority is < MinPriority or > MaxPriority)
        {
            problems["priority"] = [$"The priority must be between {MinPriority} and {MaxPriority}."];
        }

        if (request.Agent is { Length: > 100 })
        {
            problems["agent"] = ["The agent name is at most 100 characters."];
        }

        if (problems.Count > 0)
        {
            return (null, SubmitOutcome.Invalid(ProblemTypes.ValidationFailed, "The request is invalid.", problems));
        }

        var input = request.Input!.Value;
        var capability = request.Capability!;
        string? routing = null;
        if (capability == CapabilityRouter.Auto)
        {
            var (routed, routeProblem, routeJson) = await RouteAsync(input, cancellationToken);
            if (routeProblem is not null)
            {
                return (null, routeProblem);
            }

            (capability, input) = (routed!.Value.Capability, routed.Value.Input);
            routing = routeJson;
        }

        var (choice, refusal) = await dispatcher.ChooseAsync(capability, request.Agent, input, priority, cancellationToken);
        if (refusal is not null)
        {
            return (null, SubmitOutcome.Invalid(refusal.ProblemType, refusal.Detail, new Dictionary<string, string[]> { [refusal.Field] = refusal.Messages }));
        }

        return (submitter.Refuses(choice!.Offer) ?? submitter.Refuses(priority)) is { } forbidden
            ? (null, SubmitOutcome.Forbidden(forbidden))
            : (new Plan(choice, input, priority, routing), null);
    }

    private async Task<((string Capability, JsonElement Input)? Routed, SubmitOutcome? Problem, string? Routing)> RouteAsync(JsonElement input, CancellationToken cancellationToken)
    {
        if (!input.TryGetProperty("text", out var textElement) || textElement.ValueKind != JsonValueKind.String || textElement.GetString()!.Trim().Length == 0)
        {
            return (null, SubmitOutcome.Invalid(ProblemTypes.ValidationFailed, "An auto task needs input.text to route by.",
                new Dictionary<string, string[]> { ["input.text"] = ["Give the text to route, e.g. {\"text\": \"what is the mood of this review: ...\"}."] }), null);
        }

        CapabilityRouter.Route route;
        try
        {
            route = await router.RouteAsync(textElement.GetString()!, input, cancellationToken);
        }
        catch (Exception ex) when (ServiceCalls.Unreachable(ex))
        {
            return (null, SubmitOutcome.Unavailable($"Routing by meaning needs the models service: {ex.Message}"), null);
        }

        var closest = route.RunnersUp.Select(c => $"{c.Capability} ({c.Similarity:F2})").ToArray();
        if (route.Chosen is null)
        {
            return (null, SubmitOutcome.Invalid(ProblemTypes.UnknownCapability,
                $"No capability is close enough to the text (best similarity {route.Similarity:F2}, threshold {route.Threshold:F2}).",
                new Dictionary<string, string[]> { ["capability"] = closest.Length > 0 ? [$"Closest: {string.Join(", ", closest)}"] : ["No capability accepts this input."] }), null);
        }

        var routing = JsonSerializer.Serialize(new
        {
            method = route.Method,
            model = "all-minilm-l6-v2",
            similarity = route.Similarity,
            threshold = route.Threshold,
            runnersUp = route.RunnersUp,
        }, JsonSerializerOptions.Web);
        return ((route.Chosen.Name, route.Input!.Value), null, routing);
    }
}

/// <summary>Either the stored task or the problem that kept it out.</summary>
public sealed record SubmitOutcome(TaskRecord? Task, string? ProblemType, string? Detail, IDictionary<string, string[]>? Errors, int Status = StatusCodes.Status400BadRequest)
{
    public static SubmitOutcome Accepted(TaskRecord task) => new(task, null, null, null);

    public static SubmitOutcome Invalid(string type, string detail, IDictionary<string, string[]> errors) => new(null, type, detail, errors);

    public static SubmitOutcome Unavailable(string detail) =>
        new(null, ProblemTypes.ServiceUnavailable, detail, new Dictionary<string, string[]>(), StatusCodes.Status503ServiceUnavailable);

    public static SubmitOutcome Forbidden(string detail) =>
        new(null, ProblemTypes.Forbidden, detail, new Dictionary<string, string[]>(), StatusCodes.Status403Forbidden);

    /// <summary>The check needed a dependency that is away (503), rather than finding the request invalid (400).</summary>
    public bool IsUnavailable => Status == StatusCodes.Status503ServiceUnavailable;

    /// <summary>The caller lacks a scope the task needs (403).</summary>
    public bool IsForbidden => Status == StatusCodes.Status403Forbidden;

    public ValidationProblem AsValidationProblem() => TypedResults.ValidationProblem(Errors!, Detail, type: ProblemType, title: "The task was not accepted");

    public UnavailableProblem AsUnavailable() => new("The task could not be accepted now", Detail!, ProblemType!);

    public ForbiddenProblem AsForbidden() => new(Detail!);
}

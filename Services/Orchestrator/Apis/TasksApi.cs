using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Idempotency;
using SutazAI.Orchestrator.Streams;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.Apis;

public static class TasksApi
{
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/tasks").WithTags("Tasks").RequireTaskScopes();
        api.MapPost("/", SubmitTask).WithName("SubmitTask").WithSummary("Submit a task for an agent capability (or \"auto\" to route by meaning)")
            .WithIdempotency("POST /api/v1/tasks");
        api.MapPost("/batch", SubmitBatch).WithName("SubmitTaskBatch").WithSummary("Submit up to 500 tasks: all are accepted or none");
        api.MapGet("/", ListTasks).WithName("ListTasks").WithSummary("List tasks, newest first");
        api.MapGet("/{id:guid}", GetTask).WithName("GetTask").WithSummary("Get a task");
        api.MapDelete("/{id:guid}", CancelTask).WithName("CancelTask").WithSummary("Cancel a task that has not finished");
        api.MapGet("/{id:guid}/events", StreamTaskEvents).WithName("StreamTaskEvents").WithSummary("Server-sent events of a task's status and progress")
            .LimitedPerOwner()
            .Produces<TaskView>(StatusCodes.Status200OK, "text/event-stream");
        return app;
    }

    public static async Task<Results<Accepted<TaskView>, ValidationProblem, ForbiddenProblem, UnavailableProblem>> SubmitTask(
        JsonBody<SubmitTaskRequest> body, Submitter submitter, TaskSubmission submission, CancellationToken cancellationToken)
    {
        var outcome = await submission.SubmitAsync(body.Value, submitter, cancellationToken);
        if (outcome.Task is { } task)
        {
            return TypedResults.Accepted($"/api/v1/tasks/{task.Id}", task.ToView());
        }

        return outcome.IsUnavailable ? outcome.AsUnavailable() : outcome.IsForbidden ? outcome.AsForbidden() : outcome.AsValidationProblem();
    }

    public sealed record SubmitBatchRequest(IReadOnlyList<SubmitTaskRequest?>? Tasks);

    /// <summary>The accepted tasks of a batch, in the order they were sent.</summary>
    public sealed record SubmittedBatch(IReadOnlyList<TaskView> Tasks);

    public static async Task<Results<Accepted<SubmittedBatch>, ValidationProblem, ForbiddenProblem, UnavailableProblem>> SubmitBatch(
        JsonBody<SubmitBatchRequest> body, Submitter submitter, TaskSubmission submission, CancellationToken cancellationToken)
    {
        var (tasks, refused) = await submission.SubmitBatchAsync(body.Value.Tasks, submitter, cancellationToken);
        if (refused is not null)
        {
            return refused.IsUnavailable ? refused.AsUnavailable() : refused.IsForbidden ? refused.AsForbidden() : refused.AsValidationProblem();
        }

        return TypedResults.Accepted((string?)null, new SubmittedBatch(tasks!.Select(t => t.ToView()).ToList()));
    }

    public static async Task<Results<Ok<PagedResult<TaskView>>, ValidationProblem>> ListTasks(
        OrchestratorDbContext db, OwnerScope owner, string? status, string? agent, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        TaskState? state = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.TryParse<TaskState>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                state = parsed;
            }
            else
            {
                errors["status"] = [$"Use one of: {string.Join(", ", Enum.GetNames<TaskState>())}."];
            }
        }

        var paging = Paging.Read(page, pageSize, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.ValidationFailed);
        }

        var query = db.Tasks.AsNoTracking().VisibleTo(owner);
        if (state is { } s)
        {
            query = query.Where(t => t.Status == s);
        }

        if (!string.IsNullOrEmpty(agent))
        {
            query = query.Where(t => t.Agent == agent);
        }

        var total = await query.LongCountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Skip(paging.Skip)
            .Take(paging.Size)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResult<TaskView>(rows.Select(r => r.ToView()).ToList(), paging.Page, paging.Size, total));
    }

    public static async Task<Results<Ok<TaskView>, NotFoundProblem>> GetTask(Guid id, OwnerScope owner, OrchestratorDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(id, owner, db, cancellationToken) is { } task
            ? TypedResults.Ok(task.ToDetailedView())
            : NotFound(id);

    public static async Task<Results<Accepted<TaskView>, NotFoundProblem, ConflictProblem>> CancelTask(
        Guid id, OwnerScope owner, TaskLifecycle lifecycle, OrchestratorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, owner, db, cancellationToken) is null)
        {
            return NotFound(id);
        }

        var cancelled = await lifecycle.CancelAsync(id, "Cancelled by the client.", clock.GetUtcNow(), tellAgent: true, cancellationToken);
        var task = (await FindAsync(id, owner, db, cancellationToken))!;
        return cancelled is null
            ? new ConflictProblem("The task has already finished", $"Task {id} is {task.Status}; only Queued or Running tasks can be cancelled.")
            : TypedResults.Accepted($"/api/v1/tasks/{id}", task.ToView());
    }

    /// <summary>
    /// The task's events from the start, or after the event whose id the client sends back as <c>Last-Event-ID</c>
    /// (204 when it has seen the end, which tells a browser's EventSource to stop reconnecting).
    /// </summary>
    public static async Task<Results<ServerSentEventsResult<object>, NoContent, NotFoundProblem>> StreamTaskEvents(
        Guid id, [FromHeader(Name = "Last-Event-ID")] StreamPosition? lastEventId, OwnerScope owner, OrchestratorDbContext db, TaskStream stream,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(id, owner, db, cancellationToken) is not { } task)
        {
            return NotFound(id);
        }

        return TaskStream.HasSeenTheEnd(task, lastEventId)
            ? TypedResults.NoContent()
            : TypedResults.ServerSentEvents(stream.FollowAsync(id, lastEventId, cancellationToken));
    }

    private static Task<TaskRecord?> FindAsync(Guid id, OwnerScope owner, OrchestratorDbContext db, CancellationToken cancellationToken) =>
        db.Tasks.AsNoTracking().VisibleTo(owner).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    private static NotFoundProblem NotFound(Guid id) => new("task", id);
}

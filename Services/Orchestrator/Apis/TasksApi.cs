using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Idempotency;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.Apis;

public static class TasksApi
{
    private const int MaxPageSize = 200;
    private static readonly TimeSpan EventPollInterval = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/tasks").WithTags("Tasks");

        api.MapPost("/", SubmitTask).WithName("SubmitTask").WithSummary("Submit a task for an agent capability (or \"auto\" to route by meaning)")
            .Accepts<SubmitTaskRequest>("application/json")
            .Produces<TaskView>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/batch", SubmitBatch).WithName("SubmitTaskBatch").WithSummary("Submit up to 500 tasks: all are accepted or none")
            .Accepts<SubmitBatchRequest>("application/json")
            .Produces<SubmittedBatch>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/", ListTasks).WithName("ListTasks").WithSummary("List tasks, newest first")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/{id}", GetTask).WithName("GetTask").WithSummary("Get a task")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", CancelTask).WithName("CancelTask").WithSummary("Cancel a task that has not finished")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}/events", StreamTaskEvents).WithName("StreamTaskEvents").WithSummary("Server-sent events of a task's status and progress")
            .Produces<TaskView>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<IResult> SubmitTask(HttpRequest request, TaskSubmission submission, IdempotentRequests idempotency, CancellationToken cancellationToken)
    {
        var (claim, keyProblem) = await IdempotentRequests.ReadAsync(request, "POST /api/v1/tasks", cancellationToken);
        if (keyProblem is not null)
        {
            return keyProblem;
        }

        var (body, problem) = await JsonBody.ReadAsync<SubmitTaskRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await idempotency.ExecuteAsync(claim, async remember =>
        {
            var outcome = await submission.SubmitAsync(body!, request.HttpContext.User.Requester(), cancellationToken,
                task => remember?.Invoke(StatusCodes.Status202Accepted, $"/api/v1/tasks/{task.Id}", task.ToView()));
            return outcome.Task is null
                ? outcome.ToProblem()
                : TypedResults.Accepted($"/api/v1/tasks/{outcome.Task.Id}", outcome.Task.ToView());
        }, cancellationToken);
    }

    public sealed record SubmitBatchRequest(IReadOnlyList<SubmitTaskRequest?>? Tasks);

    /// <summary>The accepted tasks of a batch, in the order they were sent.</summary>
    public sealed record SubmittedBatch(IReadOnlyList<TaskView> Tasks);

    public static async Task<IResult> SubmitBatch(HttpRequest request, TaskSubmission submission, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<SubmitBatchRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (tasks, refused) = await submission.SubmitBatchAsync(body!.Tasks, request.HttpContext.User.Requester(), cancellationToken);
        return refused is not null
            ? refused.ToProblem()
            : TypedResults.Json(new SubmittedBatch(tasks!.Select(t => t.ToView()).ToList()), statusCode: StatusCodes.Status202Accepted);
    }

    public static async Task<Results<Ok<PagedResult<TaskView>>, ValidationProblem>> ListTasks(
        OrchestratorDbContext db, string? status, string? agent, int? page, int? pageSize, CancellationToken cancellationToken)
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

        var query = db.Tasks.AsNoTracking();
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

    public static async Task<Results<Ok<TaskView>, ProblemHttpResult>> GetTask(string id, OrchestratorDbContext db, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var taskId))
        {
            return NotFound(id);
        }

        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        return task is null ? NotFound(id) : TypedResults.Ok(task.ToView());
    }

    public static async Task<Results<Accepted<TaskView>, ProblemHttpResult>> CancelTask(string id, TaskCancellation cancellation, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var taskId))
        {
            return NotFound(id);
        }

        var (result, task) = await cancellation.CancelAsync(taskId, cancellationToken);
        return result switch
        {
            TaskCancellation.Result.Cancelled => TypedResults.Accepted($"/api/v1/tasks/{taskId}", task!.ToView()),
            TaskCancellation.Result.AlreadyFinished => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The task has already finished",
                detail: $"Task {taskId} is {task!.Status}; only Queued or Running tasks can be cancelled.",
                type: ProblemTypes.Conflict),
            _ => NotFound(id),
        };
    }

    public static async Task<Results<ServerSentEventsResult<object>, ProblemHttpResult>> StreamTaskEvents(
        string id, OrchestratorDbContext db, TaskEvents events, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var taskId) || !await db.Tasks.AnyAsync(t => t.Id == taskId, cancellationToken))
        {
            return NotFound(id);
        }

        return TypedResults.ServerSentEvents(Follow(taskId, db, events, cancellationToken));
    }

    /// <summary>
    /// The current state, then every change (<c>status</c>) and output piece (<c>delta</c>) until the task is final
    /// (<c>end</c>). Redis pushes them; a slow poll of the database covers its absence.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<object>> Follow(
        Guid taskId, OrchestratorDbContext db, TaskEvents events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pushed = Channel.CreateUnbounded<TaskEvents.Item>();
        await using var subscription = await events.SubscribeAsync(taskId, item => pushed.Writer.TryWrite(item));

        TaskEvent? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var current = (await db.Tasks.AsNoTracking().FirstAsync(t => t.Id == taskId, cancellationToken)).ToEvent();
            if (current != last)
            {
                last = current;
                yield return new SseItem<object>(current, current.Status.IsFinal() ? "end" : "status");
            }

            if (current.Status.IsFinal())
            {
                yield break;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(EventPollInterval);
            var reread = false;
            while (!reread)
            {
                TaskEvents.Item item;
                try
                {
                    item = await pushed.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                if (item.Delta is { } delta)
                {
                    yield return new SseItem<object>(delta, "delta");
                }
                else if (item.Change is { } change)
                {
                    // Final states are announced after the database says so (the loop re-reads).
                    reread = change.Status.IsFinal();
                    if (!reread && change != last)
                    {
                        last = change;
                        yield return new SseItem<object>(change, "status");
                    }
                }
            }
        }
    }

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Task not found",
        detail: $"No task has the id '{id}'.",
        type: ProblemTypes.NotFound);
}

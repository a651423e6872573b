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
            .WithIdempotency("POST /api/v1/tasks");
        api.MapPost("/batch", SubmitBatch).WithName("SubmitTaskBatch").WithSummary("Submit up to 500 tasks: all are accepted or none");
        api.MapGet("/", ListTasks).WithName("ListTasks").WithSummary("List tasks, newest first");
        api.MapGet("/{id:guid}", GetTask).WithName("GetTask").WithSummary("Get a task");
        api.MapDelete("/{id:guid}", CancelTask).WithName("CancelTask").WithSummary("Cancel a task that has not finished");
        api.MapGet("/{id:guid}/events", StreamTaskEvents).WithName("StreamTaskEvents").WithSummary("Server-sent events of a task's status and progress")
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
            ? TypedResults.Ok(task.ToView())
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

    public static async Task<Results<ServerSentEventsResult<object>, NotFoundProblem>> StreamTaskEvents(
        Guid id, OwnerScope owner, OrchestratorDbContext db, TaskEvents events, CancellationToken cancellationToken) =>
        await db.Tasks.VisibleTo(owner).AnyAsync(t => t.Id == id, cancellationToken)
            ? TypedResults.ServerSentEvents(Follow(id, db, events, cancellationToken))
            : NotFound(id);

    /// <summary>
    /// The current state, then every change (<c>status</c>) and output piece (<c>delta</c>) until the task is final
    /// (<c>end</c>). Redis pushes them; a slow poll of the database covers its absence.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<object>> Follow(
        Guid taskId, OrchestratorDbContext db, TaskEvents events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pushed = Channel.CreateUnbounded<TaskEvents.Item>();
        await using var subscription = await events.SubscribeAsync(taskId, item => pushed.Writer.TryWrite(item));

        // Output produced before this reader arrived comes from what was kept; pieces seen both ways are sent once.
        var sent = new HashSet<int>();
        TaskEvent? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var current = (await db.Tasks.AsNoTracking().FirstAsync(t => t.Id == taskId, cancellationToken)).ToEvent();
            if (last is null)
            {
                foreach (var kept in await events.OutputSoFarAsync(taskId))
                {
                    if (sent.Add(kept.Sequence))
                    {
                        yield return new SseItem<object>(kept, "delta");
                    }
                }
            }

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

                if (item.Delta is { } delta && sent.Add(delta.Sequence))
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

    private static Task<TaskRecord?> FindAsync(Guid id, OwnerScope owner, OrchestratorDbContext db, CancellationToken cancellationToken) =>
        db.Tasks.AsNoTracking().VisibleTo(owner).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    private static NotFoundProblem NotFound(Guid id) => new("task", id);
}

using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Tasks;
using SutazAI.Contracts.Workflows;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Idempotency;
using SutazAI.Orchestrator.Workflows;

namespace SutazAI.Orchestrator.Apis;

public static class WorkflowsApi
{
    private const int MaxPageSize = 100;
    private static readonly TimeSpan EventPollInterval = TimeSpan.FromMilliseconds(500);

    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/workflows").WithTags("Workflows");
        api.MapPost("/", SubmitWorkflow).WithName("SubmitWorkflow").WithSummary("Run a DAG of steps whose inputs may reference earlier outputs")
            .Accepts<SubmitWorkflowRequest>("application/json")
            .Produces<WorkflowView>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/", ListWorkflows).WithName("ListWorkflows").WithSummary("List workflows, newest first")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/{id}", GetWorkflow).WithName("GetWorkflow").WithSummary("A workflow with its steps' status, timing and outputs")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", CancelWorkflow).WithName("CancelWorkflow").WithSummary("Cancel a running workflow and its running steps")
            .Produces<WorkflowView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}/events", StreamWorkflowEvents).WithName("StreamWorkflowEvents").WithSummary("Server-sent events of a workflow until it ends")
            .Produces<WorkflowView>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<IResult> SubmitWorkflow(
        HttpRequest request, WorkflowValidator validator, WorkflowEngine engine, IdempotentRequests idempotency, CancellationToken cancellationToken)
    {
        var (claim, keyProblem) = await IdempotentRequests.ReadAsync(request, "POST /api/v1/workflows", cancellationToken);
        if (keyProblem is not null)
        {
            return keyProblem;
        }

        var (body, problem) = await JsonBody.ReadAsync<SubmitWorkflowRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await idempotency.ExecuteAsync(claim, async remember =>
        {
            var errors = await validator.ValidateAsync(body!, cancellationToken);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors, "The workflow is invalid; nothing was created.", type: ProblemTypes.ValidationFailed, title: "The workflow was not accepted");
            }

            var workflow = await engine.CreateAsync(body!, request.HttpContext.User.Requester(), cancellationToken,
                created => remember?.Invoke(StatusCodes.Status202Accepted, $"/api/v1/workflows/{created.Id}", created.ToView()));
            return TypedResults.Accepted($"/api/v1/workflows/{workflow.Id}", workflow.ToView());
        }, cancellationToken);
    }

    public static async Task<Results<Ok<PagedResult<WorkflowView>>, ValidationProblem>> ListWorkflows(
        OrchestratorDbContext db, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.ValidationFailed);
        }

        var total = await db.Workflows.LongCountAsync(cancellationToken);
        var rows = await db.Workflows.AsNoTracking().Include(w => w.Steps)
            .OrderByDescending(w => w.CreatedAt).ThenByDescending(w => w.Id)
            .Skip(paging.Skip).Take(paging.Size)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResult<WorkflowView>(rows.Select(w => w.ToView()).ToList(), paging.Page, paging.Size, total));
    }

    public static async Task<Results<Ok<WorkflowView>, ProblemHttpResult>> GetWorkflow(string id, OrchestratorDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(id, db, cancellationToken) is { } workflow ? TypedResults.Ok(workflow.ToView()) : NotFound(id);

    public static async Task<IResult> CancelWorkflow(string id, WorkflowEngine engine, OrchestratorDbContext db, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var workflowId))
        {
            return NotFound(id);
        }

        return await engine.CancelAsync(workflowId, cancellationToken) switch
        {
            WorkflowEngine.CancelResult.Cancelled => TypedResults.Accepted($"/api/v1/workflows/{workflowId}", (await FindAsync(id, db, cancellationToken))!.ToView()),
            WorkflowEngine.CancelResult.AlreadyFinished => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The workflow has already finished",
                detail: $"Workflow {workflowId} is no longer running.",
                type: ProblemTypes.Conflict),
            _ => NotFound(id),
        };
    }

    public static async Task<Results<ServerSentEventsResult<WorkflowView>, ProblemHttpResult>> StreamWorkflowEvents(
        string id, OrchestratorDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(id, db, cancellationToken) is { } workflow
            ? TypedResults.ServerSentEvents(Follow(workflow.Id, db, cancellationToken))
            : NotFound(id);

    /// <summary>The workflow each time it changes, until it ends (<c>end</c>).</summary>
    private static async IAsyncEnumerable<SseItem<WorkflowView>> Follow(Guid id, OrchestratorDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var view = (await db.Workflows.AsNoTracking().Include(w => w.Steps).FirstAsync(w => w.Id == id, cancellationToken)).ToView();
            var snapshot = JsonSerializer.Serialize(view);
            var final = view.Status != WorkflowState.Running;
            if (snapshot != last)
            {
                last = snapshot;
                yield return new SseItem<WorkflowView>(view, final ? "end" : "workflow");
            }

            if (final)
            {
                yield break;
            }

            await Task.Delay(EventPollInterval, cancellationToken);
        }
    }

    private static async Task<WorkflowRecord?> FindAsync(string id, OrchestratorDbContext db, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var workflowId)
            ? await db.Workflows.AsNoTracking().Include(w => w.Steps).FirstOrDefaultAsync(w => w.Id == workflowId, cancellationToken)
            : null;

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Workflow not found",
        detail: $"No workflow has the id '{id}'.",
        type: ProblemTypes.NotFound);
}

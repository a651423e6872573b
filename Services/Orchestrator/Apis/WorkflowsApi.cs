using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Tasks;
using SutazAI.Contracts.Workflows;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Idempotency;
using SutazAI.Orchestrator.Streams;
using SutazAI.Orchestrator.Tasks;
using SutazAI.Orchestrator.Workflows;

namespace SutazAI.Orchestrator.Apis;

public static class WorkflowsApi
{
    private const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/workflows").WithTags("Workflows").RequireTaskScopes();
        api.MapPost("/", SubmitWorkflow).WithName("SubmitWorkflow").WithSummary("Run a DAG of steps whose inputs may reference earlier outputs")
            .WithIdempotency("POST /api/v1/workflows");
        api.MapGet("/", ListWorkflows).WithName("ListWorkflows").WithSummary("List workflows, newest first");
        api.MapGet("/{id:guid}", GetWorkflow).WithName("GetWorkflow").WithSummary("A workflow with its steps' status, timing and outputs");
        api.MapDelete("/{id:guid}", CancelWorkflow).WithName("CancelWorkflow").WithSummary("Cancel a running workflow and its running steps");
        api.MapGet("/{id:guid}/events", StreamWorkflowEvents).WithName("StreamWorkflowEvents").WithSummary("Server-sent events of a workflow until it ends")
            .LimitedPerOwner()
            .Produces<WorkflowView>(StatusCodes.Status200OK, "text/event-stream");
        return app;
    }

    public static async Task<Results<Accepted<WorkflowView>, ValidationProblem, ForbiddenProblem>> SubmitWorkflow(
        JsonBody<SubmitWorkflowRequest> body, Submitter submitter, WorkflowValidator validator, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(body.Value, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, "The workflow is invalid; nothing was created.", type: ProblemTypes.ValidationFailed, title: "The workflow was not accepted");
        }

        if (await validator.RefusalAsync(body.Value, submitter, cancellationToken) is { } refusal)
        {
            return new ForbiddenProblem(refusal);
        }

        var workflow = await engine.CreateAsync(body.Value, submitter.Owner, cancellationToken);
        return TypedResults.Accepted($"/api/v1/workflows/{workflow.Id}", workflow.ToView());
    }

    public static async Task<Results<Ok<PagedResult<WorkflowView>>, ValidationProblem>> ListWorkflows(
        OrchestratorDbContext db, OwnerScope owner, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.ValidationFailed);
        }

        var visible = db.Workflows.AsNoTracking().VisibleTo(owner);
        var total = await visible.LongCountAsync(cancellationToken);
        var rows = await visible.Include(w => w.Steps)
            .OrderByDescending(w => w.CreatedAt).ThenByDescending(w => w.Id)
            .Skip(paging.Skip).Take(paging.Size)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResult<WorkflowView>(rows.Select(w => w.ToView()).ToList(), paging.Page, paging.Size, total));
    }

    public static async Task<Results<Ok<WorkflowView>, NotFoundProblem>> GetWorkflow(Guid id, OwnerScope owner, OrchestratorDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(id, owner, db, cancellationToken) is { } workflow ? TypedResults.Ok(workflow.ToView()) : NotFound(id);

    public static async Task<Results<Accepted<WorkflowView>, NotFoundProblem, ConflictProblem>> CancelWorkflow(
        Guid id, OwnerScope owner, WorkflowCancellation cancellation, OrchestratorDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Workflows.VisibleTo(owner).AnyAsync(w => w.Id == id, cancellationToken))
        {
            return NotFound(id);
        }

        return await cancellation.CancelAsync(id, cancellationToken) switch
        {
            WorkflowCancellation.Result.Cancelled => TypedResults.Accepted($"/api/v1/workflows/{id}", (await FindAsync(id, owner, db, cancellationToken))!.ToView()),
            WorkflowCancellation.Result.AlreadyFinished => new ConflictProblem("The workflow has already finished", $"Workflow {id} is no longer running."),
            _ => NotFound(id),
        };
    }

    /// <summary>The workflow's events from now, or after the version the client sends back as <c>Last-Event-ID</c> (204 when it has seen the end).</summary>
    public static async Task<Results<ServerSentEventsResult<WorkflowView>, NoContent, NotFoundProblem>> StreamWorkflowEvents(
        Guid id, [FromHeader(Name = "Last-Event-ID")] StreamPosition? lastEventId, OwnerScope owner, OrchestratorDbContext db, WorkflowStream stream,
        CancellationToken cancellationToken)
    {
        if (await db.Workflows.AsNoTracking().VisibleTo(owner).FirstOrDefaultAsync(w => w.Id == id, cancellationToken) is not { } workflow)
        {
            return NotFound(id);
        }

        return WorkflowStream.HasSeenTheEnd(workflow, lastEventId)
            ? TypedResults.NoContent()
            : TypedResults.ServerSentEvents(stream.FollowAsync(id, lastEventId, cancellationToken));
    }

    private static Task<WorkflowRecord?> FindAsync(Guid id, OwnerScope owner, OrchestratorDbContext db, CancellationToken cancellationToken) =>
        db.Workflows.AsNoTracking().VisibleTo(owner).Include(w => w.Steps).FirstOrDefaultAsync(w => w.Id == id, cancellationToken);

    private static NotFoundProblem NotFound(Guid id) => new("workflow", id);
}

using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Admin;
using SutazAI.Contracts.Auth;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.DeadLetters;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.Apis;

public static class AdminApi
{
    private const int MaxPageSize = 200;
    private static readonly string[] States = ["open", "redriven", "all"];

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/dead-letters").WithTags("Admin").RequireScope(ApiScopes.Admin);
        api.MapGet("/", ListDeadLetters).WithName("ListDeadLetters").WithSummary("Task messages that failed every retry, newest first");
        api.MapGet("/{id:guid}", GetDeadLetter).WithName("GetDeadLetter").WithSummary("One dead letter with its message");
        api.MapPost("/{id:guid}/redrive", Redrive).WithName("RedriveDeadLetter").WithSummary("Send a dead letter's task again once its cause is fixed");
        return app;
    }

    public static async Task<Results<Ok<PagedResult<DeadLetterView>>, ValidationProblem>> ListDeadLetters(
        OrchestratorDbContext db, string? state, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, MaxPageSize, errors);
        var which = string.IsNullOrEmpty(state) ? "open" : state.ToLowerInvariant();
        if (!States.Contains(which))
        {
            errors["state"] = [$"Use one of: {string.Join(", ", States)}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.ValidationFailed);
        }

        var query = db.DeadLetters.AsNoTracking();
        query = which switch
        {
            "open" => query.Where(d => d.RedrivenAt == null),
            "redriven" => query.Where(d => d.RedrivenAt != null),
            _ => query,
        };
        var total = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(d => d.FailedAt).ThenByDescending(d => d.Id)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResult<DeadLetterView>(rows.Select(ToView).ToList(), paging.Page, paging.Size, total));
    }

    public static async Task<Results<Ok<DeadLetterView>, NotFoundProblem>> GetDeadLetter(Guid id, OrchestratorDbContext db, CancellationToken cancellationToken) =>
        await db.DeadLetters.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken) is { } letter
            ? TypedResults.Ok(ToView(letter))
            : NotFound(id);

    public static async Task<Results<Accepted<TaskView>, NotFoundProblem, ConflictProblem>> Redrive(Guid id, DeadLetterRedrive redrive, CancellationToken cancellationToken)
    {
        var (result, task, why) = await redrive.RedriveAsync(id, cancellationToken);
        return result switch
        {
            DeadLetterRedrive.Result.Redriven => TypedResults.Accepted($"/api/v1/tasks/{task!.Id}", task.ToView()),
            DeadLetterRedrive.Result.NotFound => NotFound(id),
            _ => new ConflictProblem("The dead letter cannot be sent again", why),
        };
    }

    private static DeadLetterView ToView(DeadLetterRecord letter) => new(
        letter.Id, letter.TaskId, letter.Capability, letter.Agent, letter.ExceptionType, letter.Reason, letter.Host,
        letter.FailedAt, letter.RedrivenAt, JsonDocument.Parse(letter.Message).RootElement.Clone());

    private static NotFoundProblem NotFound(Guid id) => new("dead letter", id);
}

using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Admin;
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
        var api = app.MapGroup("/api/v1/admin/dead-letters").WithTags("Admin");
        api.MapGet("/", ListDeadLetters).WithName("ListDeadLetters").WithSummary("Task messages that failed every retry, newest first")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/{id}", GetDeadLetter).WithName("GetDeadLetter").WithSummary("One dead letter with its message")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/redrive", Redrive).WithName("RedriveDeadLetter").WithSummary("Send a dead letter's task again once its cause is fixed")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
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

    public static async Task<Results<Ok<DeadLetterView>, ProblemHttpResult>> GetDeadLetter(string id, OrchestratorDbContext db, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var letterId))
        {
            return NotFound(id);
        }

        var letter = await db.DeadLetters.AsNoTracking().FirstOrDefaultAsync(d => d.Id == letterId, cancellationToken);
        return letter is null ? NotFound(id) : TypedResults.Ok(ToView(letter));
    }

    public static async Task<Results<Accepted<TaskView>, ProblemHttpResult>> Redrive(string id, DeadLetterRedrive redrive, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var letterId))
        {
            return NotFound(id);
        }

        var (result, task, why) = await redrive.RedriveAsync(letterId, cancellationToken);
        return result switch
        {
            DeadLetterRedrive.Result.Redriven => TypedResults.Accepted($"/api/v1/tasks/{task!.Id}", task.ToView()),
            DeadLetterRedrive.Result.NotFound => NotFound(id),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The dead letter cannot be sent again", detail: why, type: ProblemTypes.Conflict),
        };
    }

    private static DeadLetterView ToView(DeadLetterRecord letter) => new(
        letter.Id, letter.TaskId, letter.Capability, letter.Agent, letter.ExceptionType, letter.Reason, letter.Host,
        letter.FailedAt, letter.RedrivenAt, JsonDocument.Parse(letter.Message).RootElement.Clone());

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Dead letter not found",
        detail: $"No dead letter has the id '{id}'.",
        type: ProblemTypes.NotFound);
}

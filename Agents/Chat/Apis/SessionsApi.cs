using Microsoft.AspNetCore.Http.HttpResults;
using SutazAI.Agents.Chat.Sessions;
using SutazAI.Contracts;
using SutazAI.Contracts.Auth;
using SutazAI.Contracts.Tasks;

namespace SutazAI.Agents.Chat.Apis;

public static class SessionsApi
{
    public sealed record CreateSessionRequest(string? Title, string? System);

    public sealed record TurnView(string Role, string Content, int Tokens, DateTimeOffset CreatedAt);

    public sealed record SessionView(Guid Id, string? Title, string? System, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<TurnView> Messages);

    public sealed record SessionSummary(Guid Id, string? Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    private const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/chat/sessions").WithTags("Chat").RequireScope(ApiScopes.Chat);
        api.MapPost("/", Create).WithName("CreateChatSession").WithSummary("Start a conversation");
        api.MapGet("/", List).WithName("ListChatSessions").WithSummary("Your conversations, most recently used first");
        api.MapGet("/{id:guid}", Get).WithName("GetChatSession").WithSummary("A conversation with its history");
        api.MapDelete("/{id:guid}", Delete).WithName("DeleteChatSession").WithSummary("Delete a conversation and its history");
        return app;
    }

    public static async Task<Results<Created<SessionView>, ValidationProblem>> Create(
        JsonBody<CreateSessionRequest>? request, OwnerScope caller, SessionStore store, CancellationToken cancellationToken)
    {
        var body = request?.Value ?? new(null, null);
        if (body.Title is { Length: > 200 } || body.System is { Length: > 20_000 })
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["session"] = ["The title is at most 200 characters and the system prompt at most 20,000."] },
                type: ProblemTypes.ValidationFailed);
        }

        var session = await store.CreateAsync(caller.Caller, body.Title, body.System, cancellationToken);
        return TypedResults.Created($"/api/v1/chat/sessions/{session.Id}", new SessionView(session.Id, session.Title, session.System, session.CreatedAt, session.UpdatedAt, []));
    }

    public static async Task<Results<Ok<PagedResult<SessionSummary>>, ValidationProblem>> List(
        int? page, int? pageSize, OwnerScope caller, SessionStore store, CancellationToken cancellationToken)
    {
        var (number, size) = (page ?? 1, pageSize ?? 20);
        if (number < 1 || size is < 1 or > MaxPageSize)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["page"] = [$"The page starts at 1 and holds 1 to {MaxPageSize} sessions."] }, type: ProblemTypes.ValidationFailed);
        }

        var (sessions, total) = await store.ListAsync(caller.Caller, (number - 1) * size, size, cancellationToken);
        return TypedResults.Ok(new PagedResult<SessionSummary>([.. sessions.Select(s => new SessionSummary(s.Id, s.Title, s.CreatedAt, s.UpdatedAt))], number, size, total));
    }

    public static async Task<Results<Ok<SessionView>, NotFoundProblem>> Get(Guid id, OwnerScope owner, SessionStore store, CancellationToken cancellationToken) =>
        await store.FindWithTurnsAsync(id, owner.Owner, cancellationToken) is { } session
            ? TypedResults.Ok(new SessionView(session.Id, session.Title, session.System, session.CreatedAt, session.UpdatedAt,
                session.Turns.Select(t => new TurnView(t.Role, t.Content, t.Tokens, t.CreatedAt)).ToList()))
            : NotFound(id);

    public static async Task<Results<NoContent, NotFoundProblem>> Delete(Guid id, OwnerScope owner, SessionStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(id, owner.Owner, cancellationToken) ? TypedResults.NoContent() : NotFound(id);

    private static NotFoundProblem NotFound(Guid id) => new("chat session", id);
}

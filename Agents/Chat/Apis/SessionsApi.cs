using Microsoft.AspNetCore.Http.HttpResults;
using SutazAI.Agents.Chat.Sessions;
using SutazAI.Contracts;
using SutazAI.Contracts.Auth;
using SutazAI.Contracts.Chat;
using SutazAI.Contracts.Tasks;

namespace SutazAI.Agents.Chat.Apis;

public static class SessionsApi
{
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

    public static async Task<Results<Created<ChatSessionView>, ValidationProblem>> Create(
        JsonBody<CreateChatSessionRequest>? request, OwnerScope caller, SessionStore store, CancellationToken cancellationToken)
    {
        var body = request?.Value ?? new(null, null);
        if (body.Title is { Length: > 200 } || body.System is { Length: > 20_000 })
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["session"] = ["The title is at most 200 characters and the system prompt at most 20,000."] },
                type: ProblemTypes.ValidationFailed);
        }

        var session = await store.CreateAsync(caller.Caller, body.Title, body.System, cancellationToken);
        return TypedResults.Created($"/api/v1/chat/sessions/{session.Id}", new ChatSessionView(session.Id, session.Title, session.System, session.CreatedAt, session.UpdatedAt, []));
    }

    public static async Task<Results<Ok<PagedResult<ChatSessionSummary>>, ValidationProblem>> List(
        int? page, int? pageSize, OwnerScope caller, SessionStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.ValidationFailed);
        }

        var (sessions, total) = await store.ListAsync(caller.Caller, paging.Skip, paging.Size, cancellationToken);
        return TypedResults.Ok(new PagedResult<ChatSessionSummary>([.. sessions.Select(s => new ChatSessionSummary(s.Id, s.Title, s.CreatedAt, s.UpdatedAt))], paging.Page, paging.Size, total));
    }

    public static async Task<Results<Ok<ChatSessionView>, NotFoundProblem>> Get(Guid id, OwnerScope owner, SessionStore store, CancellationToken cancellationToken) =>
        await store.FindWithTurnsAsync(id, owner.Owner, cancellationToken) is { } session
            ? TypedResults.Ok(new ChatSessionView(session.Id, session.Title, session.System, session.CreatedAt, session.UpdatedAt,
                session.Turns.Select(t => new ChatTurnView(t.Role, t.Content, t.Tokens, t.CreatedAt)).ToList()))
            : NotFound(id);

    public static async Task<Results<NoContent, NotFoundProblem>> Delete(Guid id, OwnerScope owner, SessionStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(id, owner.Owner, cancellationToken) ? TypedResults.NoContent() : NotFound(id);

    private static NotFoundProblem NotFound(Guid id) => new("chat session", id);
}

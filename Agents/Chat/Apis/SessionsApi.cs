using Microsoft.AspNetCore.Http.HttpResults;
using SutazAI.Agents.Chat.Sessions;
using SutazAI.Contracts;

namespace SutazAI.Agents.Chat.Apis;

public static class SessionsApi
{
    public sealed record CreateSessionRequest(string? Title, string? System);

    public sealed record TurnView(string Role, string Content, int Tokens, DateTimeOffset CreatedAt);

    public sealed record SessionView(Guid Id, string? Title, string? System, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<TurnView> Messages);

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/chat/sessions").WithTags("Chat");
        api.MapPost("/", Create).WithName("CreateChatSession").WithSummary("Start a conversation")
            .Accepts<CreateSessionRequest>("application/json")
            .Produces<SessionView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/{id}", Get).WithName("GetChatSession").WithSummary("A conversation with its history")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", Delete).WithName("DeleteChatSession").WithSummary("Delete a conversation and its history")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<IResult> Create(HttpRequest request, SessionStore store, CancellationToken cancellationToken)
    {
        CreateSessionRequest? body = new(null, null);
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (parsed, problem) = await JsonBody.ReadAsync<CreateSessionRequest>(request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            body = parsed;
        }

        if (body!.Title is { Length: > 200 } || body.System is { Length: > 20_000 })
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["session"] = ["The title is at most 200 characters and the system prompt at most 20,000."] },
                type: ProblemTypes.ValidationFailed);
        }

        var session = await store.CreateAsync(body.Title, body.System, cancellationToken);
        return TypedResults.Created($"/api/v1/chat/sessions/{session.Id}", new SessionView(session.Id, session.Title, session.System, session.CreatedAt, session.UpdatedAt, []));
    }

    public static async Task<Results<Ok<SessionView>, ProblemHttpResult>> Get(string id, SessionStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var sessionId) || await store.FindWithTurnsAsync(sessionId, cancellationToken) is not { } session)
        {
            return NotFound(id);
        }

        return TypedResults.Ok(new SessionView(session.Id, session.Title, session.System, session.CreatedAt, session.UpdatedAt,
            session.Turns.Select(t => new TurnView(t.Role, t.Content, t.Tokens, t.CreatedAt)).ToList()));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, SessionStore store, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var sessionId) && await store.DeleteAsync(sessionId, cancellationToken)
            ? TypedResults.NoContent()
            : NotFound(id);

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Chat session not found",
        detail: $"No chat session has the id '{id}'.",
        type: ProblemTypes.NotFound);
}

namespace SutazAI.Contracts.Chat;

/// <summary>Body of <c>POST /api/v1/chat/sessions</c>.</summary>
public sealed record CreateChatSessionRequest(string? Title, string? System);

/// <summary>One message of a conversation.</summary>
public sealed record ChatTurnView(string Role, string Content, int Tokens, DateTimeOffset CreatedAt);

/// <summary>A conversation with its history (<c>GET /api/v1/chat/sessions/{id}</c>).</summary>
public sealed record ChatSessionView(Guid Id, string? Title, string? System, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<ChatTurnView> Messages);

/// <summary>A conversation as <c>GET /api/v1/chat/sessions</c> lists it.</summary>
public sealed record ChatSessionSummary(Guid Id, string? Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

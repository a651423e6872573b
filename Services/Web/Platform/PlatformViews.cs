namespace SutazAI.Web.Platform;

/// <summary>Answers of the platform the console reads that have no record in SutazAI.Contracts. The chat agent's session answers, as <c>/api/v1/chat/sessions</c> gives them.</summary>
public sealed record ChatSessionSummary(Guid Id, string? Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record ChatTurn(string Role, string Content, int Tokens, DateTimeOffset CreatedAt);

public sealed record ChatSessionView(Guid Id, string? Title, string? System, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<ChatTurn> Messages);

public sealed record CreateChatSession(string? Title, string? System);

/// <summary>What the models service says of its LLM (<c>/api/v1/models</c>), the parts the console shows.</summary>
public sealed record ModelsSummary(bool Configured, bool Available, string? Reason, string DefaultModel, int Slots, int SlotsInUse, int Waiting);

/// <summary>Completions per minute of one agent type (<c>/api/v1/agents/activity</c>).</summary>
public sealed record AgentActivity(string Agent, DateTimeOffset Since, IReadOnlyList<int> CompletedPerMinute);

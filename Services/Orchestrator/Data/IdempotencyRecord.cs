namespace SutazAI.Orchestrator.Data;

/// <summary>The first answer to a request sent with an <c>Idempotency-Key</c>, replayed to its retries for 24 hours.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>Who sent it and to which endpoint, e.g. <c>key-1a2b:POST /api/v1/tasks</c>.</summary>
    public required string Scope { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of the body: the same key with another body is a client error, not a retry.</summary>
    public required string RequestHash { get; set; }

    public int Status { get; set; }

    public string? Location { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

namespace SutazAI.Orchestrator.Data;

/// <summary>
/// A message waiting to be sent, written in the same transaction as the change that caused it; the
/// <see cref="Outbox.OutboxRelay"/> sends it and deletes the row once the broker confirmed it.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>Queue name to send to, or null to publish (fan-out).</summary>
    public string? Destination { get; set; }

    public required string MessageType { get; set; }

    public required string Body { get; set; }

    public byte Priority { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>W3C traceparent of the request that wrote it, so the send continues that trace.</summary>
    public string? TraceParent { get; set; }
}

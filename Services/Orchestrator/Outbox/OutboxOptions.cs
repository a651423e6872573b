namespace SutazAI.Orchestrator.Outbox;

/// <summary><c>Outbox</c> settings of the relay.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>
    /// Sends of one row that may fail, while the broker takes other messages, before the row leaves the outbox and
    /// its task fails as <c>dispatch-failed</c> (kept as a dead letter to redrive).
    /// </summary>
    public int MaxAttempts { get; set; } = 10;
}

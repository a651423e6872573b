namespace SutazAI.Orchestrator.Data;

/// <summary>
/// A task message an agent gave up on after its retries, kept with the reason so an operator can fix the
/// cause and send it again (redrive).
/// </summary>
public sealed class DeadLetterRecord
{
    public Guid Id { get; set; }

    /// <summary>The bus's id of the Fault; a redelivered Fault adds no second row.</summary>
    public Guid FaultId { get; set; }

    public Guid TaskId { get; set; }

    public required string Capability { get; set; }

    public required string Agent { get; set; }

    /// <summary>The <c>ExecuteTask</c> as it was sent (jsonb).</summary>
    public required string Message { get; set; }

    public required string ExceptionType { get; set; }

    public required string Reason { get; set; }

    /// <summary>Where it failed: machine and process of the agent instance.</summary>
    public string? Host { get; set; }

    public DateTimeOffset FailedAt { get; set; }

    public DateTimeOffset? RedrivenAt { get; set; }
}

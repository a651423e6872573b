namespace SutazAI.Orchestrator.Data;

/// <summary>A capability an agent type announced; kept after the agent stops so its queued tasks still validate.</summary>
public sealed class CapabilityRecord
{
    public required string Name { get; set; }

    public required string Agent { get; set; }

    public required string Description { get; set; }

    public required string InputSchema { get; set; }

    /// <summary>The skill calls the LLM: submitting it needs the <c>chat</c> scope.</summary>
    public bool UsesLlm { get; set; }

    /// <summary>Requests people make of the skill, in their words, for routing by meaning.</summary>
    public string[] Examples { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }
}

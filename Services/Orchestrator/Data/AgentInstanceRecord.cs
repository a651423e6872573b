namespace SutazAI.Orchestrator.Data;

/// <summary>The last heartbeat of one agent process.</summary>
public sealed class AgentInstanceRecord
{
    public required string InstanceId { get; set; }

    public required string Agent { get; set; }

    public int InFlight { get; set; }

    public int MaxConcurrency { get; set; }

    public long Completed { get; set; }

    public long Failed { get; set; }

    public double AverageLatencyMs { get; set; }

    public int IntervalSeconds { get; set; }

    public DateTimeOffset LastSeen { get; set; }
}

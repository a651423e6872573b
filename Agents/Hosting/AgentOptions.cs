namespace SutazAI.Agents.Hosting;

/// <summary>Settings of one agent worker (configuration section <c>Agent</c>).</summary>
public sealed class AgentOptions
{
    /// <summary>The agent type, e.g. <c>analyst</c>; its queue is <c>agent-{Name}</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Tasks this instance runs at once; also the prefetch, so queue priority stays meaningful.</summary>
    public int MaxConcurrency { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>Seconds between heartbeats.</summary>
    public int HeartbeatIntervalSeconds { get; set; } = 5;

    /// <summary>Unique per process start.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
}

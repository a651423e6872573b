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

    /// <summary>How long a task may run when neither configuration nor its skill says otherwise.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Per-capability limits (<c>Agent:Timeouts:code.review=00:01:00</c>); they win over the skill's own.</summary>
    public Dictionary<string, TimeSpan> Timeouts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Retries, with exponential backoff, of a task whose skill threw unexpectedly; then it is a dead letter.</summary>
    public int RetryLimit { get; set; } = 4;

    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A task says it started only when its skill is still running after this long (or reports progress or output
    /// first): a task done sooner reports only its outcome, which carries its start time, sparing the bus a message
    /// and the orchestrator a consume and a database update per short task. Zero reports every start at once.
    /// </summary>
    public TimeSpan StartedReportDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>After SIGTERM, running tasks may finish for this long; what is still running then is handed back to the queue.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Unique per process start.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>The limit for one capability: configured, else the skill's own, else the default.</summary>
    public TimeSpan TimeoutFor(string capability, TimeSpan? skillTimeout) =>
        Timeouts.TryGetValue(capability, out var configured) ? configured : skillTimeout ?? DefaultTimeout;
}

namespace SutazAI.Orchestrator.Streams;

/// <summary>Limits on the task and workflow event streams (<c>Streams:*</c>).</summary>
public sealed class StreamOptions
{
    public const string Section = "Streams";

    /// <summary>Streams one person (all their keys and tokens) may hold open at once, across replicas; beyond it 429.</summary>
    public int MaxPerOwner { get; set; } = 32;

    /// <summary>
    /// When a stream ends by itself; the client reconnects with <c>Last-Event-ID</c> and loses nothing. Shorter than the
    /// gateway's idle timeout for the orchestrator (10 minutes), so a quiet stream ends cleanly instead of being cut.
    /// </summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How soon a client should reconnect after a stream ended by its lifetime (the SSE <c>retry</c> field).</summary>
    public TimeSpan ReconnectAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a stream re-reads the database although nothing was pushed: covers messages Redis lost.</summary>
    public TimeSpan SafetyReadInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a stream reads the database when Redis is away and nothing is pushed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// When <see cref="IdleMemoryTrimmer"/> trims: at a tick after a quiet interval (no more than the quiet allocation
/// allocated in it) once at least <see cref="MinimumAllocation"/> was allocated since the last trim (there is something to
/// give back; a process that allocates nothing is not collected for nothing). Quiet is judged by bytes, not by whether
/// a collection ran: with a small gen0 budget an idle orchestrator, taking seven agents' heartbeats, collects gen0 a few
/// times a minute and would never count as idle.
/// </summary>
internal sealed class IdleTrimPolicy(long allocatedBytes, long quietAllocation)
{
    /// <summary>About a minute of an idle agent's heartbeats, health probes and bus keep-alives.</summary>
    public const long MinimumAllocation = 256 * 1024;

    /// <summary>
    /// Allocation a minute below which a process counts as idle: above an idle service's timers (under 10 MB a minute
    /// for the busiest, the orchestrator), far below a service doing work (tasks allocate tens of kilobytes each).
    /// </summary>
    public const long QuietAllocationPerMinute = 16L * 1024 * 1024;

    private long _allocatedAtTick = allocatedBytes;

    // Never trimmed yet: the start-up garbage counts too.
    private long _allocatedAtTrim;

    /// <summary>Called once per interval with the bytes the process has allocated so far.</summary>
    public bool ShouldTrim(long allocatedBytes)
    {
        var quiet = allocatedBytes - _allocatedAtTick <= quietAllocation;
        _allocatedAtTick = allocatedBytes;
        return quiet && allocatedBytes - _allocatedAtTrim >= MinimumAllocation;
    }

    /// <summary>After a trim, with the bytes allocated so far.</summary>
    public void Trimmed(long allocatedBytes)
    {
        _allocatedAtTick = allocatedBytes;
        _allocatedAtTrim = allocatedBytes;
    }
}

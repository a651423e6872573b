namespace Microsoft.Extensions.Hosting;

/// <summary>
/// When <see cref="IdleMemoryTrimmer"/> trims: at a tick with no gen0 collection since the previous tick (the
/// process is quiet) and at least <see cref="MinimumAllocation"/> allocated since the last trim (there is something
/// to give back; a process that allocates nothing is not collected for nothing).
/// </summary>
internal sealed class IdleTrimPolicy(int collections)
{
    /// <summary>About a minute of an idle agent's heartbeats, health probes and bus keep-alives.</summary>
    public const long MinimumAllocation = 256 * 1024;

    private int _collectionsAtTick = collections;

    // Never trimmed yet: the start-up garbage counts too.
    private long _allocatedAtTrim;

    /// <summary>Called once per interval with the process's gen0 collection count and allocated bytes so far.</summary>
    public bool ShouldTrim(int collections, long allocatedBytes)
    {
        var quiet = collections == _collectionsAtTick;
        _collectionsAtTick = collections;
        return quiet && allocatedBytes - _allocatedAtTrim >= MinimumAllocation;
    }

    /// <summary>After a trim: its own collection does not count as activity.</summary>
    public void Trimmed(int collections, long allocatedBytes)
    {
        _collectionsAtTick = collections;
        _allocatedAtTrim = allocatedBytes;
    }
}

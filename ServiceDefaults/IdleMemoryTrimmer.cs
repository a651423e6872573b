using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Gives memory back to the machine while a service is idle. The GC keeps the pages of collected garbage and free
/// regions committed for the next allocations, which suits a busy service; an idle agent beside a dozen others
/// would instead sit on them, and with its few kilobytes a second of heartbeat garbage it may not collect for many
/// minutes. So once a minute (<c>Memory:IdleTrimInterval</c>; zero turns it off), when no collection ran in the
/// last interval but the process has allocated since its last trim, it runs the one collection meant for this,
/// <see cref="GCCollectionMode.Aggressive"/> (compacting, decommitting free space), then gives the C library's
/// free heap pages back too (<see cref="NativeHeap"/>: glibc's arenas held 15-25 MB per idle service). Live objects
/// are never touched, so a leak still shows; a busy service collects by itself every interval and is never trimmed.
/// </summary>
internal sealed partial class IdleMemoryTrimmer(IConfiguration configuration, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    public const string IntervalSetting = "Memory:IdleTrimInterval";

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue(IntervalSetting, DefaultInterval);
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        var policy = new IdleTrimPolicy(GC.CollectionCount(0));
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (policy.ShouldTrim(GC.CollectionCount(0), GC.GetTotalAllocatedBytes()))
            {
                Trim();
                policy.Trimmed(GC.CollectionCount(0), GC.GetTotalAllocatedBytes());
            }
        }
    }

    private void Trim()
    {
        var before = Environment.WorkingSet;
        var started = Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var after = Environment.WorkingSet;
            LogTrimmed(before / 1048576.0, after / 1048576.0, milliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Idle: memory trimmed, working set {Before:F1} -> {After:F1} MB in {Milliseconds:F1} ms")]
    private partial void LogTrimmed(double before, double after, double milliseconds);
}

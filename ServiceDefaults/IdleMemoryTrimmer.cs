using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Gives memory back to the machine while a service is idle. The GC keeps the pages of collected garbage and free
/// regions committed for the next allocations, which suits a busy service; an idle agent beside a dozen others
/// would instead sit on them, and with its few kilobytes a second of heartbeat garbage it may not collect for many
/// minutes. So once a minute (<c>Memory:IdleTrimInterval</c>; zero turns it off), when the last interval was quiet
/// (<see cref="IdleTrimPolicy"/>) but the process has allocated since its last trim, it runs the one collection meant
/// for this, <see cref="GCCollectionMode.Aggressive"/> (compacting, decommitting free space). Live objects are never
/// touched, so a leak still shows; a busy service allocates more than a quiet interval allows and is never collected here.
/// Every interval, busy or not, the C library's free heap pages go back too (<see cref="NativeHeap"/>: glibc's
/// arenas kept 15-25 MB of freed memory in every service): a walk over the free blocks, milliseconds a minute.
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

        var policy = new IdleTrimPolicy(GC.GetTotalAllocatedBytes(), (long)(IdleTrimPolicy.QuietAllocationPerMinute * interval.TotalMinutes));
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var before = Environment.WorkingSet;
            var started = Stopwatch.GetTimestamp();
            var collected = policy.ShouldTrim(GC.GetTotalAllocatedBytes());
            if (collected)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                policy.Trimmed(GC.GetTotalAllocatedBytes());
            }

            NativeHeap.Trim();
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var after = Environment.WorkingSet;
                LogTrimmed(collected, before / 1048576.0, after / 1048576.0, milliseconds);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Memory trimmed (idle collection: {Collected}), working set {Before:F1} -> {After:F1} MB in {Milliseconds:F1} ms")]
    private partial void LogTrimmed(bool collected, double before, double after, double milliseconds);
}

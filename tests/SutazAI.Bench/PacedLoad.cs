using System.Diagnostics;

namespace SutazAI.Bench;

/// <summary>
/// An open-loop offer: work started at a steady rate for a while, whatever the answers' pace, so a slow answer shows
/// as latency instead of slowing the offer down (a closed loop of N clients hides queueing).
/// </summary>
internal static class PacedLoad
{
    /// <summary>How often the pacer wakes: each wake starts whatever the rate says is due by then.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Starts <paramref name="startOne"/> for indexes 0, 1, ... at <paramref name="rate"/> a second for
    /// <paramref name="duration"/> and waits for every one started; <paramref name="onProgress"/> is called once a
    /// wake with the time elapsed. Returns how many were started.
    /// </summary>
    public static async Task<int> OfferAsync(double rate, TimeSpan duration, Func<int, Task> startOne, Action<TimeSpan>? onProgress = null)
    {
        var running = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        var started = 0;
        using var ticker = new PeriodicTimer(Tick);
        TimeSpan elapsed;
        while ((elapsed = Stopwatch.GetElapsedTime(start)) < duration)
        {
            // Due by now, counted from the start: a late wake catches up instead of losing its share of the rate.
            var due = (int)(elapsed.TotalSeconds * rate) + 1;
            for (; started < due; started++)
            {
                running.Add(startOne(started));
            }

            onProgress?.Invoke(elapsed);
            running.RemoveAll(t => t.IsCompleted);
            await ticker.WaitForNextTickAsync();
        }

        await Task.WhenAll(running);
        return started;
    }
}

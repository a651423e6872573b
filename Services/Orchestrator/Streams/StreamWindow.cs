namespace SutazAI.Orchestrator.Streams;

/// <summary>
/// How long one stream may still wait: until its lifetime is over, at most until the next read of the database
/// (seldom while Redis pushes, often when it cannot).
/// </summary>
public sealed class StreamWindow(StreamOptions options, TimeProvider clock, bool pushed)
{
    private readonly DateTimeOffset _endsAt = clock.GetUtcNow() + options.MaxLifetime;
    private readonly TimeSpan _readEvery = pushed ? options.SafetyReadInterval : options.PollInterval;

    /// <summary>How long to wait for a push before reading anyway, or null once the lifetime is over.</summary>
    public TimeSpan? NextWait()
    {
        var left = _endsAt - clock.GetUtcNow();
        return left <= TimeSpan.Zero ? null : left < _readEvery ? left : _readEvery;
    }
}

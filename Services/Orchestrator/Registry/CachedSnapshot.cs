namespace SutazAI.Orchestrator.Registry;

/// <summary>
/// A value read from PostgreSQL and kept for <c>maxAge</c>. When it is stale, one caller reads it again and the
/// others wait for that read instead of each making their own: under load every request in flight at the moment
/// it expired started a read.
/// </summary>
public sealed class CachedSnapshot<T>(T initial, TimeSpan maxAge, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (T Value, DateTimeOffset LoadedAt) _current = (initial, DateTimeOffset.MinValue);

    public async Task<T> GetAsync(Func<DateTimeOffset, CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        var current = _current;
        if (clock.GetUtcNow() - current.LoadedAt < maxAge)
        {
            return current.Value;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            if (now - _current.LoadedAt >= maxAge)
            {
                _current = (await load(now, cancellationToken), now);
            }

            return _current.Value;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Makes the next call read again.</summary>
    public void Invalidate() => _current = _current with { LoadedAt = DateTimeOffset.MinValue };

    public void Dispose() => _refresh.Dispose();
}

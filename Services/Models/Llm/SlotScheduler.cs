namespace SutazAI.Models.Llm;

/// <summary>
/// Hands out a bounded number of LLM slots. Waiters are served by priority (highest first); among equal
/// priorities the requester served least recently goes first, so one busy key cannot starve the others; then
/// first come, first served. A waiter whose request is cancelled leaves the queue.
/// </summary>
public sealed class SlotScheduler(int slots, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly List<Waiter> _waiting = [];
    private readonly Dictionary<string, long> _lastServed = new(StringComparer.Ordinal);
    private long _sequence;
    private long _servedCounter;
    private int _inUse;

    public int InUse
    {
        get
        {
            lock (_gate)
            {
                return _inUse;
            }
        }
    }

    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Waits for a slot; dispose the lease to give it back. Returns how long the caller waited.</summary>
    public async Task<(IDisposable Lease, TimeSpan Waited)> AcquireAsync(int priority, string requester, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        Waiter waiter;
        lock (_gate)
        {
            if (_inUse < slots && _waiting.Count == 0)
            {
                _inUse++;
                MarkServed(requester);
                return (new Lease(this), TimeSpan.Zero);
            }

            waiter = new Waiter(priority, requester, _sequence++);
            _waiting.Add(waiter);
        }

        await using (cancellationToken.Register(() => Abandon(waiter)))
        {
            await waiter.Granted.Task;
        }

        return (new Lease(this), clock.GetElapsedTime(started));
    }

    private void Abandon(Waiter waiter)
    {
        lock (_gate)
        {
            if (_waiting.Remove(waiter))
            {
                waiter.Granted.TrySetCanceled();
            }
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            _inUse--;
            while (_inUse < slots && _waiting.Count > 0)
            {
                var next = _waiting
                    .OrderByDescending(w => w.Priority)
                    .ThenBy(w => _lastServed.GetValueOrDefault(w.Requester, -1))
                    .ThenBy(w => w.Sequence)
                    .First();
                _waiting.Remove(next);
                _inUse++;
                MarkServed(next.Requester);
                next.Granted.TrySetResult();
            }
        }
    }

    private void MarkServed(string requester) => _lastServed[requester] = _servedCounter++;

    private sealed class Waiter(int priority, string requester, long sequence)
    {
        public int Priority { get; } = priority;

        public string Requester { get; } = requester;

        public long Sequence { get; } = sequence;

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Lease(SlotScheduler owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}

using System.Collections.Concurrent;

namespace SutazAI.Agents.Hosting.Execution;

/// <summary>
/// The tasks this instance is running, so a <c>CancelTask</c> can stop one, and the ids cancelled
/// recently, so a cancelled task that is still queued is skipped when it arrives.
/// </summary>
public sealed class RunningTasks(TimeProvider clock)
{
    private static readonly TimeSpan CancelledMemory = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _cancelled = new();

    public int Count => _running.Count;

    /// <summary>
    /// Registers a task; dispose the returned lease when it ends. Its token fires on a cancel request, when
    /// the consume token fires (shutdown) or after <paramref name="timeout"/>.
    /// </summary>
    public Lease Start(Guid taskId, TimeSpan timeout, CancellationToken consumeToken)
    {
        var deadline = new CancellationTokenSource(timeout, clock);
        var source = CancellationTokenSource.CreateLinkedTokenSource(consumeToken, deadline.Token);
        _running[taskId] = source;
        return new Lease(this, taskId, source, deadline);
    }

    public bool WasCancelled(Guid taskId) => _cancelled.ContainsKey(taskId);

    /// <summary>Stops the task if it runs here and remembers the id either way.</summary>
    public bool Cancel(Guid taskId)
    {
        var now = clock.GetUtcNow();
        _cancelled[taskId] = now;
        foreach (var (id, at) in _cancelled)
        {
            if (now - at > CancelledMemory)
            {
                _cancelled.TryRemove(id, out _);
            }
        }

        if (_running.TryGetValue(taskId, out var source))
        {
            source.Cancel();
            return true;
        }

        return false;
    }

    public sealed class Lease(RunningTasks owner, Guid taskId, CancellationTokenSource source, CancellationTokenSource deadline) : IDisposable
    {
        public CancellationToken Token => source.Token;

        /// <summary>True once the task has run past its time limit.</summary>
        public bool TimedOut => deadline.IsCancellationRequested;

        public void Dispose()
        {
            owner._running.TryRemove(new KeyValuePair<Guid, CancellationTokenSource>(taskId, source));
            source.Dispose();
            deadline.Dispose();
        }
    }
}

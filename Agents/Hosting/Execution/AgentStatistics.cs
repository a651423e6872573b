namespace SutazAI.Agents.Hosting.Execution;

/// <summary>Outcomes over a sliding time window, for the heartbeat's success rate and latency.</summary>
public sealed class AgentStatistics(TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly Queue<(DateTimeOffset At, bool Success, double Milliseconds)> _outcomes = new();
    private readonly Lock _gate = new();

    public void Record(bool success, TimeSpan duration)
    {
        lock (_gate)
        {
            _outcomes.Enqueue((clock.GetUtcNow(), success, duration.TotalMilliseconds));
            Trim();
        }
    }

    public (long Completed, long Failed, double AverageLatencyMs) Snapshot()
    {
        lock (_gate)
        {
            Trim();
            long completed = 0, failed = 0;
            double total = 0;
            foreach (var outcome in _outcomes)
            {
                if (outcome.Success)
                {
                    completed++;
                }
                else
                {
                    failed++;
                }

                total += outcome.Milliseconds;
            }

            return (completed, failed, _outcomes.Count == 0 ? 0 : total / _outcomes.Count);
        }
    }

    private void Trim()
    {
        var oldest = clock.GetUtcNow() - Window;
        while (_outcomes.Count > 0 && _outcomes.Peek().At < oldest)
        {
            _outcomes.Dequeue();
        }
    }
}

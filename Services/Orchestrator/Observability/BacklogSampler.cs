using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Registry;

namespace SutazAI.Orchestrator.Observability;

/// <summary>Counts the outbox, open dead letters and queued tasks every few seconds, for the backlog gauges.</summary>
public sealed partial class BacklogSampler(IServiceScopeFactory scopes, TimeProvider clock, ILogger<BacklogSampler> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public sealed record Snapshot(long Outbox, long DeadLetters, IReadOnlyDictionary<string, long> QueuedByAgent);

    public static Snapshot Latest { get; private set; } = new(0, 0, new Dictionary<string, long>());

    // Registered with the sampler (a hosted service, so at start-up), not lazily with the first task.
    static BacklogSampler()
    {
        var meter = OrchestratorTelemetry.Meter;
        meter.CreateObservableGauge("sutazai.outbox.backlog", () => Latest.Outbox, "{message}", "Messages waiting in the outbox for the broker.");
        meter.CreateObservableGauge("sutazai.dead_letters.open", () => Latest.DeadLetters, "{message}", "Dead letters not redriven yet.");
        meter.CreateObservableGauge("sutazai.tasks.queued", () => Latest.QueuedByAgent
            .Select(q => new Measurement<long>(q.Value, new KeyValuePair<string, object?>("agent", q.Key))), "{task}", "Tasks waiting for an agent, by agent.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
                var outbox = await db.Outbox.LongCountAsync(stoppingToken);
                var deadLetters = await db.DeadLetters.LongCountAsync(d => d.RedrivenAt == null, stoppingToken);
                // Every agent the registry remembers reports, with 0 when nothing waits, so an empty queue is a value and not a gap.
                var queued = (await db.AgentInstances.RememberedAt(clock.GetUtcNow()).Select(i => i.Agent).Distinct().ToListAsync(stoppingToken))
                    .ToDictionary(agent => agent, _ => 0L);
                foreach (var waiting in await db.Tasks.Where(t => t.Status == TaskState.Queued)
                    .GroupBy(t => t.Agent).Select(g => new { Agent = g.Key, Count = g.LongCount() })
                    .ToListAsync(stoppingToken))
                {
                    queued[waiting.Agent] = waiting.Count;
                }

                Latest = new Snapshot(outbox, deadLetters, queued);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be away; the gauges keep their last values until it answers.
                LogSampleFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backlog not sampled: {Reason}")]
    private static partial void LogSampleFailed(ILogger logger, string reason);
}

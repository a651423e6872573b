using Microsoft.EntityFrameworkCore;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Registry;

namespace SutazAI.Orchestrator.Assignment;

/// <summary>One agent type as the assignment strategies see it, aggregated over its healthy instances.</summary>
public sealed record AgentLoad(string Agent, int HealthyInstances, int InFlight, int Capacity, double SuccessRate, double AverageLatencyMs, int CapabilityCount)
{
    public bool Healthy => HealthyInstances > 0;

    /// <summary>0 (idle) to 1 (full).</summary>
    public double Load => Capacity == 0 ? 1 : Math.Min(1, (double)InFlight / Capacity);
}

/// <summary>The live registry from heartbeats, cached for a second so submissions do not each read it.</summary>
public sealed class AgentRegistry(IServiceScopeFactory scopes, CapabilityCatalog catalog, TimeProvider clock) : IDisposable
{
    private readonly CachedSnapshot<IReadOnlyDictionary<string, AgentLoad>> _agents = new(new Dictionary<string, AgentLoad>(), TimeSpan.FromSeconds(1), clock);

    public Task<IReadOnlyDictionary<string, AgentLoad>> SnapshotAsync(CancellationToken cancellationToken) =>
        _agents.GetAsync(LoadAsync, cancellationToken);

    public void Dispose() => _agents.Dispose();

    private async Task<IReadOnlyDictionary<string, AgentLoad>> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        var instances = await db.AgentInstances.AsNoTracking().RememberedAt(now).ToListAsync(cancellationToken);
        var capabilities = await catalog.CurrentAsync(cancellationToken);
        return Build(instances, capabilities.GroupBy(c => c.Agent).ToDictionary(g => g.Key, g => g.Count()), now);
    }

    public static IReadOnlyDictionary<string, AgentLoad> Build(IEnumerable<AgentInstanceRecord> instances, IReadOnlyDictionary<string, int> capabilityCounts, DateTimeOffset now) =>
        instances.GroupBy(i => i.Agent).ToDictionary(group => group.Key, group =>
        {
            var healthy = group.Where(i => AgentHealth.IsHealthy(i, now)).ToList();
            long completed = healthy.Sum(i => i.Completed), failed = healthy.Sum(i => i.Failed);
            var finished = completed + failed;
            return new AgentLoad(
                group.Key,
                healthy.Count,
                healthy.Sum(i => i.InFlight),
                healthy.Sum(i => i.MaxConcurrency),
                finished == 0 ? 1.0 : (double)completed / finished,
                finished == 0 ? 0 : healthy.Sum(i => i.AverageLatencyMs * (i.Completed + i.Failed)) / finished,
                capabilityCounts.GetValueOrDefault(group.Key));
        });
}

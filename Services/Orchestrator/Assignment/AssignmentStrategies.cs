using System.Collections.Concurrent;
using System.Globalization;

namespace SutazAI.Orchestrator.Assignment;

/// <summary>A chosen agent type and why.</summary>
public sealed record AssignmentDecision(string Agent, string Strategy, string Reason);

/// <summary>
/// Picks the agent type for a task among those offering its capability. Only types with a healthy instance are
/// candidates (an agent that missed 3 heartbeats gets no new work); when none is healthy the task is queued for
/// the first offer and waits. Strategies: <c>capability</c> (the most specialised type), <c>least-loaded</c>,
/// <c>round-robin</c>, <c>priority</c> (priority 7+ to the least loaded, others round-robin) and <c>score</c>
/// (0.4 free capacity + 0.4 success rate + 0.2 speed; the default).
/// </summary>
public sealed class AssignmentStrategies
{
    public static readonly string[] Names = ["capability", "least-loaded", "round-robin", "priority", "score"];

    private readonly ConcurrentDictionary<string, int> _turns = new(StringComparer.Ordinal);

    public AssignmentDecision Choose(string strategy, string capability, int priority, IReadOnlyList<string> offeredBy, IReadOnlyDictionary<string, AgentLoad> registry)
    {
        var candidates = offeredBy.Where(a => registry.TryGetValue(a, out var load) && load.Healthy)
            .Select(a => registry[a]).OrderBy(a => a.Agent, StringComparer.Ordinal).ToList();
        if (candidates.Count == 0)
        {
            var fallback = offeredBy.Order(StringComparer.Ordinal).First();
            return new AssignmentDecision(fallback, strategy, $"no healthy agent offers {capability}; queued for {fallback} until one returns");
        }

        if (candidates.Count == 1)
        {
            return new AssignmentDecision(candidates[0].Agent, strategy, $"only {candidates[0].Agent} offers {capability} and is healthy");
        }

        return strategy switch
        {
            "capability" => Specialist(candidates, strategy),
            "least-loaded" => LeastLoaded(candidates, strategy),
            "round-robin" => RoundRobin(capability, candidates, strategy),
            "priority" => priority >= 7 ? LeastLoaded(candidates, strategy, $"priority {priority}: ") : RoundRobin(capability, candidates, strategy, $"priority {priority}: "),
            _ => Score(candidates, "score"),
        };
    }

    private static AssignmentDecision Specialist(List<AgentLoad> candidates, string strategy)
    {
        var best = candidates.OrderBy(c => c.CapabilityCount).First();
        return new AssignmentDecision(best.Agent, strategy, F($"most specific: {best.Agent} offers {best.CapabilityCount} capabilities"));
    }

    private static AssignmentDecision LeastLoaded(List<AgentLoad> candidates, string strategy, string prefix = "")
    {
        var best = candidates.OrderBy(c => c.Load).First();
        return new AssignmentDecision(best.Agent, strategy, F($"{prefix}least loaded: {best.Agent} at {best.Load:P0} ({best.InFlight}/{best.Capacity})"));
    }

    private AssignmentDecision RoundRobin(string capability, List<AgentLoad> candidates, string strategy, string prefix = "")
    {
        var turn = _turns.AddOrUpdate(capability, 0, (_, previous) => previous + 1);
        var chosen = candidates[turn % candidates.Count];
        return new AssignmentDecision(chosen.Agent, strategy, $"{prefix}round robin: turn {turn} of {candidates.Count} agents");
    }

    private static AssignmentDecision Score(List<AgentLoad> candidates, string strategy)
    {
        var slowest = Math.Max(1, candidates.Max(c => c.AverageLatencyMs));
        var scored = candidates
            .Select(c => (Agent: c, Score: (0.4 * (1 - c.Load)) + (0.4 * c.SuccessRate) + (0.2 * (1 - (c.AverageLatencyMs / slowest)))))
            .OrderByDescending(s => s.Score).ThenBy(s => s.Agent.Agent, StringComparer.Ordinal).ToList();
        var best = scored[0];
        return new AssignmentDecision(best.Agent.Agent, strategy,
            F($"score {best.Score:F3} (load {best.Agent.Load:P0}, success {best.Agent.SuccessRate:P0}, {best.Agent.AverageLatencyMs:F0} ms) vs {string.Join(", ", scored.Skip(1).Select(s => F($"{s.Agent.Agent} {s.Score:F3}")))}"));
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

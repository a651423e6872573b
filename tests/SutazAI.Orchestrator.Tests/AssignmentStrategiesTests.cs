using SutazAI.Orchestrator.Assignment;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Tests;

/// <summary>Each strategy's choice on a registry with known loads, success rates and latencies.</summary>
public class AssignmentStrategiesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    // generalist: idle but slow and error-prone, offers 6 capabilities; specialist: busy, reliable, fast, offers 1.
    private static readonly IReadOnlyDictionary<string, AgentLoad> Registry = AgentRegistry.Build(
        [
            Instance("generalist", inFlight: 0, capacity: 4, completed: 60, failed: 40, latencyMs: 900),
            Instance("specialist", inFlight: 3, capacity: 4, completed: 100, failed: 0, latencyMs: 100),
            Instance("middle", inFlight: 1, capacity: 4, completed: 90, failed: 10, latencyMs: 300),
        ],
        new Dictionary<string, int> { ["generalist"] = 6, ["specialist"] = 1, ["middle"] = 3 },
        Now);

    private static readonly string[] Offers = ["generalist", "specialist", "middle"];

    [Fact]
    public void Capability_picks_the_most_specific_agent() =>
        Assert.Equal("specialist", new AssignmentStrategies().Choose("capability", "x.y", 5, Offers, Registry).Agent);

    [Fact]
    public void Least_loaded_picks_the_idlest_agent() =>
        Assert.Equal("generalist", new AssignmentStrategies().Choose("least-loaded", "x.y", 5, Offers, Registry).Agent);

    [Fact]
    public void Round_robin_takes_turns_in_name_order()
    {
        var strategies = new AssignmentStrategies();
        var picks = Enumerable.Range(0, 4).Select(_ => strategies.Choose("round-robin", "x.y", 5, Offers, Registry).Agent).ToList();
        Assert.Equal(["generalist", "middle", "specialist", "generalist"], picks);
    }

    [Fact]
    public void Priority_sends_urgent_tasks_to_the_least_loaded_and_others_round_robin()
    {
        var strategies = new AssignmentStrategies();
        Assert.Equal("generalist", strategies.Choose("priority", "x.y", 9, Offers, Registry).Agent);
        Assert.Equal("generalist", strategies.Choose("priority", "x.y", 2, Offers, Registry).Agent);
        Assert.Equal("middle", strategies.Choose("priority", "x.y", 2, Offers, Registry).Agent);
    }

    [Fact]
    public void Score_weighs_load_success_and_latency()
    {
        // generalist 0.4*1 + 0.4*0.6 + 0.2*0 = 0.64; specialist 0.4*0.25 + 0.4*1 + 0.2*0.889 = 0.678; middle 0.4*0.75 + 0.4*0.9 + 0.2*0.667 = 0.793
        var decision = new AssignmentStrategies().Choose("score", "x.y", 5, Offers, Registry);
        Assert.Equal("middle", decision.Agent);
        Assert.Contains("0.793", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agent_that_missed_three_heartbeats_gets_no_new_work()
    {
        var registry = AgentRegistry.Build(
            [
                Instance("specialist", 0, 4, 100, 0, 50, lastSeen: Now.AddSeconds(-16)),
                Instance("generalist", 2, 4, 50, 50, 900, lastSeen: Now.AddSeconds(-14)),
            ],
            new Dictionary<string, int> { ["generalist"] = 6, ["specialist"] = 1 },
            Now);
        Assert.False(registry["specialist"].Healthy);
        foreach (var strategy in AssignmentStrategies.Names)
        {
            Assert.Equal("generalist", new AssignmentStrategies().Choose(strategy, "x.y", 9, ["generalist", "specialist"], registry).Agent);
        }
    }

    [Fact]
    public void With_no_healthy_agent_the_task_waits_for_one()
    {
        var registry = AgentRegistry.Build([Instance("solo", 0, 4, 1, 0, 10, lastSeen: Now.AddMinutes(-5))], new Dictionary<string, int>(), Now);
        var decision = new AssignmentStrategies().Choose("score", "x.y", 5, ["solo"], registry);
        Assert.Equal("solo", decision.Agent);
        Assert.Contains("no healthy agent", decision.Reason, StringComparison.Ordinal);
    }

    private static AgentInstanceRecord Instance(string agent, int inFlight, int capacity, long completed, long failed, double latencyMs, DateTimeOffset? lastSeen = null) => new()
    {
        InstanceId = $"{agent}-1",
        Agent = agent,
        InFlight = inFlight,
        MaxConcurrency = capacity,
        Completed = completed,
        Failed = failed,
        AverageLatencyMs = latencyMs,
        IntervalSeconds = 5,
        LastSeen = lastSeen ?? Now.AddSeconds(-1),
    };
}

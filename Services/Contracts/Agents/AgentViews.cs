using System.Text.Json;

namespace SutazAI.Contracts.Agents;

/// <summary>
/// An agent type and its running instances, from heartbeats; the totals cover its healthy instances (success
/// rate and latency over the agents' sliding window).
/// </summary>
public sealed record AgentView(
    string Agent,
    bool Healthy,
    IReadOnlyList<string> Capabilities,
    IReadOnlyList<AgentInstanceView> Instances,
    int InFlight = 0,
    int Capacity = 0,
    double SuccessRate = 1,
    double AverageLatencyMs = 0);

/// <summary>One running agent process.</summary>
public sealed record AgentInstanceView(
    string InstanceId,
    bool Healthy,
    int InFlight,
    int MaxConcurrency,
    double SuccessRate,
    double AverageLatencyMs,
    DateTimeOffset LastSeen);

/// <summary>A capability and the agent type that offers it.</summary>
public sealed record CapabilityView(string Name, string Agent, string Description, JsonElement InputSchema, bool Available, bool UsesLlm = false, IReadOnlyList<string>? Examples = null);

/// <summary>Tasks one agent type completed per minute (<c>GET /api/v1/agents/activity</c>), oldest minute first.</summary>
public sealed record AgentActivityView(string Agent, DateTimeOffset Since, IReadOnlyList<int> CompletedPerMinute);

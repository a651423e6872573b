using System.Text.Json;

namespace SutazAI.Contracts.Agents;

/// <summary>An agent type and its running instances, from heartbeats.</summary>
public sealed record AgentView(string Agent, bool Healthy, IReadOnlyList<string> Capabilities, IReadOnlyList<AgentInstanceView> Instances);

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
public sealed record CapabilityView(string Name, string Agent, string Description, JsonElement InputSchema, bool Available);

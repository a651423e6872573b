using System.Text.Json;

namespace SutazAI.Contracts.Messages;

/// <summary>
/// Published by every agent instance every few seconds; the orchestrator's registry is built from these.
/// </summary>
/// <param name="Agent">The agent type, e.g. <c>analyst</c>; its queue is <c>agent-{Agent}</c>.</param>
/// <param name="InstanceId">This process's id (unique per start).</param>
/// <param name="Skills">The skills this agent offers.</param>
/// <param name="InFlight">Tasks running now.</param>
/// <param name="MaxConcurrency">Tasks this instance runs at once.</param>
/// <param name="Completed">Tasks completed in the sliding window.</param>
/// <param name="Failed">Tasks failed in the sliding window.</param>
/// <param name="AverageLatencyMs">Mean skill duration in the sliding window, in milliseconds.</param>
/// <param name="IntervalSeconds">Seconds until the next heartbeat; three missed ones mark the instance unhealthy.</param>
/// <param name="Timestamp">When it was sent.</param>
public sealed record AgentHeartbeat(
    string Agent,
    string InstanceId,
    IReadOnlyList<SkillDescriptor> Skills,
    int InFlight,
    int MaxConcurrency,
    long Completed,
    long Failed,
    double AverageLatencyMs,
    int IntervalSeconds,
    DateTimeOffset Timestamp);

/// <summary>A skill an agent offers.</summary>
/// <param name="Capability">Its name, e.g. <c>text.sentiment</c>.</param>
/// <param name="Description">What it does, in a sentence.</param>
/// <param name="InputSchema">A JSON Schema (draft 2020-12) of its input.</param>
/// <param name="UsesLlm">Whether the skill calls the LLM, so submitting it needs the <c>chat</c> scope.</param>
/// <param name="Examples">Requests people make of it, in their words, for routing by meaning.</param>
public sealed record SkillDescriptor(string Capability, string Description, JsonElement InputSchema, bool UsesLlm = false, IReadOnlyList<string>? Examples = null);

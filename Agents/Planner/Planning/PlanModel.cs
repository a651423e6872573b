using System.Text.Json;

namespace SutazAI.Agents.Planner.Planning;

/// <summary>A planned step, in the shape <c>POST /api/v1/workflows</c> takes.</summary>
public sealed record PlannedStep(string Id, string Capability, JsonElement Input, IReadOnlyList<string> DependsOn);

public sealed record Plan(string Name, IReadOnlyList<PlannedStep> Steps);

/// <summary>A capability as the registry lists it.</summary>
public sealed record KnownCapability(string Name, string Description, JsonElement InputSchema);

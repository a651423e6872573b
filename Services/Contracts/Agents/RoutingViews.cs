using System.Text.Json;

namespace SutazAI.Contracts.Agents;

/// <summary>A request in words to be routed (<c>POST /api/v1/capabilities/route</c>): which capability <c>auto</c> would choose.</summary>
public sealed record RouteRequest(string? Text);

/// <summary>A capability routing considered, with its similarity to the request.</summary>
public sealed record RouteCandidate(string Capability, double Similarity);

/// <summary>
/// What <c>auto</c> would do with a request: the chosen capability (null when none is close enough), how it was
/// chosen (<c>embedding-similarity</c> or <c>llm-choice</c>), the input the capability would get, and the runners-up.
/// </summary>
public sealed record RouteView(string? Chosen, double Similarity, double Threshold, string Method, JsonElement? Input, IReadOnlyList<RouteCandidate> RunnersUp);

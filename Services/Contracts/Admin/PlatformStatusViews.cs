using System.Text.Json;

namespace SutazAI.Contracts.Admin;

/// <summary>One service's health as <c>GET /api/v1/status</c> reports it.</summary>
public sealed record ServiceStatus(string Name, string Status, string? Version, double? UptimeSeconds, string? MetricsUrl, JsonElement? Checks, string? Error);

/// <summary><c>GET /api/v1/status</c>: every service's health, and the platform's.</summary>
public sealed record PlatformStatus(string Status, DateTimeOffset At, IReadOnlyList<ServiceStatus> Services);

/// <summary>The platform's service-level figures over one interval.</summary>
/// <param name="At">The end of the interval.</param>
/// <param name="RequestsPerSecond">API calls the gateway answered, per second (not the console's pages, not long streams).</param>
/// <param name="ErrorRatio">The share of them answered with a 5xx (0 to 1).</param>
/// <param name="P99Ms">The gateway's 99th percentile answer time; null without requests.</param>
/// <param name="LlmP99Ms">The models service's 99th percentile inference time; null without inferences.</param>
/// <param name="QueueBacklog">Tasks queued for an agent at the end of the interval.</param>
public sealed record SloSample(DateTimeOffset At, double RequestsPerSecond, double ErrorRatio, double? P99Ms, double? LlmP99Ms, double QueueBacklog);

/// <summary><c>GET /api/v1/status/slo</c>: the last half hour of <see cref="SloSample"/>s, oldest first.</summary>
public sealed record ServiceLevels(double IntervalSeconds, IReadOnlyList<SloSample> Samples);

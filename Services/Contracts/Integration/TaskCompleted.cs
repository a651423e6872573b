using System.Text.Json;

namespace SutazAI.Contracts.Integration;

/// <summary>A task a bus client submitted finished with a result. Sent at least once: a repeat carries the same message id.</summary>
/// <param name="TaskId">The task, as <see cref="TaskAccepted.TaskId"/> named it.</param>
/// <param name="Capability">The capability it ran.</param>
/// <param name="Agent">The agent type that ran it.</param>
/// <param name="Result">The skill's output, as the HTTP API returns it.</param>
/// <param name="CompletedAt">When it finished.</param>
public sealed record TaskCompleted(Guid TaskId, string Capability, string Agent, JsonElement Result, DateTimeOffset CompletedAt);

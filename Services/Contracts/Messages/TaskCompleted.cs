using System.Text.Json;

namespace SutazAI.Contracts.Messages;

/// <summary>
/// Published by an agent when a skill returned a result. Applying it is idempotent: a redelivered or
/// duplicate completion for a task that already ended changes nothing.
/// </summary>
/// <param name="TaskId">The task's id.</param>
/// <param name="Agent">The agent type that ran it.</param>
/// <param name="InstanceId">The agent instance that ran it.</param>
/// <param name="Result">The skill's output as JSON.</param>
/// <param name="StartedAt">When the agent started the skill.</param>
/// <param name="CompletedAt">When the skill finished.</param>
public sealed record TaskCompleted(
    Guid TaskId,
    string Agent,
    string InstanceId,
    JsonElement Result,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt);

namespace SutazAI.Contracts.Messages;

/// <summary>
/// Published by an agent when a skill could not produce a result. Idempotent like <see cref="TaskCompleted"/>.
/// </summary>
/// <param name="TaskId">The task's id.</param>
/// <param name="Agent">The agent type that ran it.</param>
/// <param name="InstanceId">The agent instance that ran it.</param>
/// <param name="ErrorType">A stable problem type, e.g. <c>https://sutazai.dev/problems/invalid-input</c>.</param>
/// <param name="Error">A human-readable reason.</param>
/// <param name="FailedAt">When it failed.</param>
public sealed record TaskFailed(
    Guid TaskId,
    string Agent,
    string InstanceId,
    string ErrorType,
    string Error,
    DateTimeOffset FailedAt);

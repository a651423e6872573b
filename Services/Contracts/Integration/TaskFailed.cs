namespace SutazAI.Contracts.Integration;

/// <summary>A task a bus client submitted ended without a result. Sent at least once: a repeat carries the same message id.</summary>
/// <param name="TaskId">The task, as <see cref="TaskAccepted.TaskId"/> named it.</param>
/// <param name="Capability">The capability it ran.</param>
/// <param name="Agent">The agent type that ran it.</param>
/// <param name="ErrorType">A stable problem type URI, e.g. <c>https://sutazai.dev/problems/skill-failed</c>.</param>
/// <param name="Error">What went wrong, for people.</param>
/// <param name="FailedAt">When it ended.</param>
public sealed record TaskFailed(Guid TaskId, string Capability, string Agent, string ErrorType, string Error, DateTimeOffset FailedAt);

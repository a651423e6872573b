namespace SutazAI.Contracts.Messages;

/// <summary>
/// Published by the orchestrator when a client cancels a task that has not finished. Every agent
/// instance receives it; the one running the task stops it, and any instance that later receives the
/// task's <see cref="ExecuteTask"/> skips it.
/// </summary>
/// <param name="TaskId">The task to stop.</param>
/// <param name="RequestedAt">When the client asked.</param>
public sealed record CancelTask(Guid TaskId, DateTimeOffset RequestedAt);

namespace SutazAI.Contracts.Integration;

/// <summary>A task a bus client submitted was cancelled (over the HTTP API by an admin, or by the platform). Sent at least once.</summary>
/// <param name="TaskId">The task, as <see cref="TaskAccepted.TaskId"/> named it.</param>
/// <param name="Capability">The capability it was to run.</param>
/// <param name="Reason">Why, for people.</param>
/// <param name="CancelledAt">When.</param>
public sealed record TaskCancelled(Guid TaskId, string Capability, string Reason, DateTimeOffset CancelledAt);

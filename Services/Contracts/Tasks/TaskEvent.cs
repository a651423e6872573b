namespace SutazAI.Contracts.Tasks;

/// <summary>One server-sent event of <c>GET /api/v1/tasks/{id}/events</c>.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Status">Its status after the change.</param>
/// <param name="Progress">0 to 100.</param>
/// <param name="Message">The agent's phase message, when it gave one.</param>
public sealed record TaskEvent(Guid TaskId, TaskState Status, int Progress, string? Message);

namespace SutazAI.Contracts.Tasks;

/// <summary>A <c>delta</c> event of <c>GET /api/v1/tasks/{id}/events</c>: output as it is produced.</summary>
public sealed record TaskDelta(Guid TaskId, int Sequence, string Text);

using SutazAI.Contracts.Tasks;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>A task as one transition left it: what observers, metrics and event streams need.</summary>
public sealed record TaskChange(
    Guid Id,
    int Version,
    TaskState Status,
    string Owner,
    string Capability,
    string Agent,
    int Progress,
    string? ProgressMessage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    Guid? WorkflowId,
    string? StepId)
{
    public TaskEvent ToEvent() => new(Id, Status, Progress, ProgressMessage);
}

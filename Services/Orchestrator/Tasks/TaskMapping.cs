using System.Text.Json;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Tasks;

internal static class TaskMapping
{
    /// <summary>The task as listings show it; <see cref="ToDetailedView"/> adds its input.</summary>
    public static TaskView ToView(this TaskRecord task) => new(
        task.Id,
        task.Capability,
        task.Agent,
        task.Status,
        task.Priority,
        task.Progress,
        task.Result is null ? null : JsonDocument.Parse(task.Result).RootElement.Clone(),
        task.Error is null ? null : new TaskError(task.ErrorType ?? "", task.Error),
        task.CreatedAt,
        task.StartedAt,
        task.CompletedAt,
        task.AssignedBy is null ? null : new TaskAssignment(task.AssignedBy, task.AssignmentReason ?? ""),
        task.Routing is null ? null : JsonDocument.Parse(task.Routing).RootElement.Clone(),
        task.WorkflowId);

    /// <summary>One task as its owner reads it: with the input it was given.</summary>
    public static TaskView ToDetailedView(this TaskRecord task) => task.ToView() with { Input = JsonDocument.Parse(task.Input).RootElement.Clone() };

    public static TaskEvent ToEvent(this TaskRecord task) => new(task.Id, task.Status, task.Progress, task.ProgressMessage);
}

using System.Text.Json.Serialization;

namespace SutazAI.Contracts.Tasks;

/// <summary>Where a task is in its life. Completed, Failed and Cancelled are final.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskState>))]
public enum TaskState
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}

public static class TaskStateExtensions
{
    public static bool IsFinal(this TaskState state) =>
        state is TaskState.Completed or TaskState.Failed or TaskState.Cancelled;
}

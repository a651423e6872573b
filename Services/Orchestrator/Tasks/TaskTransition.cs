using SutazAI.Contracts.Tasks;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>The ways a task's status may change; <see cref="TaskLifecycle"/> applies them.</summary>
public enum TaskTransition
{
    Start,
    Complete,
    Fail,
    Cancel,
    Redrive,
}

/// <summary>
/// Which states each transition leaves from and arrives at: the one table the lifecycle's conditional updates are
/// built from. A transition asked of a task in any other state changes nothing.
/// </summary>
public static class TaskTransitions
{
    private static readonly TaskState[] Open = [TaskState.Queued, TaskState.Running];

    public static IReadOnlyList<TaskState> From(TaskTransition transition) => transition switch
    {
        TaskTransition.Redrive => [TaskState.Failed],
        _ => Open,
    };

    public static TaskState To(TaskTransition transition) => transition switch
    {
        TaskTransition.Start => TaskState.Running,
        TaskTransition.Complete => TaskState.Completed,
        TaskTransition.Fail => TaskState.Failed,
        TaskTransition.Cancel => TaskState.Cancelled,
        TaskTransition.Redrive => TaskState.Queued,
        _ => throw new ArgumentOutOfRangeException(nameof(transition), transition, null),
    };

    public static bool IsAllowed(TaskState from, TaskTransition transition) => From(transition).Contains(from);

    /// <summary>The from-states as the database stores them, for the update's <c>"Status" = ANY(...)</c>.</summary>
    internal static string[] FromColumnValues(TaskTransition transition) => [.. From(transition).Select(s => s.ToString())];
}

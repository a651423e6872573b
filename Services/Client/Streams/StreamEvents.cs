using SutazAI.Client.Api.Models;

namespace SutazAI.Client.Streams;

/// <summary>
/// One event of a task's stream: a status change (<see cref="Status"/>) or a piece of output (<see cref="Output"/>).
/// <see cref="Id"/> is its position; give it back as <c>lastEventId</c> to continue after it.
/// </summary>
public sealed record TaskStreamEvent(string Id, string Kind, TaskStatusChange? Status, TaskOutput? Output)
{
    /// <summary>The task's final state: nothing follows.</summary>
    public bool IsEnd => Kind == ServerSentEvents.EndKind;
}

/// <summary>A task's state, progress (0-100) and progress message at one moment.</summary>
public sealed record TaskStatusChange(Guid TaskId, TaskState Status, int Progress, string? Message);

/// <summary>A piece of a task's output as it is produced (e.g. a chat reply token by token); sequences start at 0 with no gaps.</summary>
public sealed record TaskOutput(Guid TaskId, int Sequence, string Text);

/// <summary>One event of a workflow's stream: the workflow with every step's state after a change.</summary>
public sealed record WorkflowStreamEvent(string Id, string Kind, WorkflowView Workflow)
{
    public bool IsEnd => Kind == ServerSentEvents.EndKind;
}

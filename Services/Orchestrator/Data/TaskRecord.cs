using SutazAI.Contracts.Tasks;

namespace SutazAI.Orchestrator.Data;

/// <summary>A task row. Input and result are JSON text stored as jsonb.</summary>
public sealed class TaskRecord : IOwned
{
    public Guid Id { get; set; }

    /// <summary>Whom the task is for (its workflow's owner for a step); only they (and admins who ask) see it.</summary>
    public required string Owner { get; set; }

    public required string Capability { get; set; }

    public required string Agent { get; set; }

    public TaskState Status { get; set; }

    /// <summary>1 when created, one more at every transition: orders the task's events (their ids) across replicas.</summary>
    public int Version { get; set; } = 1;

    public int Priority { get; set; }

    public int Progress { get; set; }

    public string? ProgressMessage { get; set; }

    public required string Input { get; set; }

    public string? Result { get; set; }

    public string? ErrorType { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Set when the task runs a workflow step.</summary>
    public Guid? WorkflowId { get; set; }

    public string? StepId { get; set; }

    /// <summary>The assignment strategy that chose the agent, and why.</summary>
    public string? AssignedBy { get; set; }

    public string? AssignmentReason { get; set; }

    /// <summary>For <c>auto</c> tasks: how the capability was chosen (jsonb).</summary>
    public string? Routing { get; set; }
}

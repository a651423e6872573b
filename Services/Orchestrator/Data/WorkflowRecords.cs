using SutazAI.Contracts.Workflows;

namespace SutazAI.Orchestrator.Data;

public sealed class WorkflowRecord : IOwned
{
    public Guid Id { get; set; }

    public string? Name { get; set; }

    public WorkflowState Status { get; set; }

    /// <summary>1 when created, one more at every saved change of the workflow or its steps (<c>Workflows.WorkflowVersions</c>).</summary>
    public int Version { get; set; } = 1;

    /// <summary>The workflow's input (jsonb), referenced as <c>${input...}</c>.</summary>
    public required string Input { get; set; }

    /// <summary>Whom the workflow (and every step's task) is for.</summary>
    public required string Owner { get; set; }

    /// <summary>For a goal: the goal in words; its first step plans the rest (<c>Workflows.GoalPlans</c>).</summary>
    public string? Goal { get; set; }

    public int Priority { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public List<WorkflowStepRecord> Steps { get; set; } = [];
}

public sealed class WorkflowStepRecord
{
    public Guid WorkflowId { get; set; }

    public required string StepId { get; set; }

    public int Position { get; set; }

    public required string Capability { get; set; }

    /// <summary>The input template (jsonb), resolved at dispatch.</summary>
    public required string Input { get; set; }

    public List<string> DependsOn { get; set; } = [];

    public StepState Status { get; set; }

    public Guid? TaskId { get; set; }

    public int Attempts { get; set; }

    public int MaxAttempts { get; set; } = 1;

    public string? Output { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

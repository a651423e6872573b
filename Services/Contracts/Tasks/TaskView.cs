using System.Text.Json;

namespace SutazAI.Contracts.Tasks;

/// <summary>A task as the API shows it; <paramref name="Input"/> only when one task is read (not in listings).</summary>
public sealed record TaskView(
    Guid Id,
    string Capability,
    string Agent,
    TaskState Status,
    int Priority,
    int Progress,
    JsonElement? Result,
    TaskError? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    TaskAssignment? Assignment = null,
    JsonElement? Routing = null,
    Guid? WorkflowId = null,
    JsonElement? Input = null);

/// <summary>Which strategy chose the task's agent, and why.</summary>
public sealed record TaskAssignment(string Strategy, string Reason);

/// <summary>Why a task failed or was cancelled.</summary>
/// <param name="Type">A stable problem type URI.</param>
/// <param name="Detail">A human-readable reason.</param>
public sealed record TaskError(string Type, string Detail);

/// <summary>One page of a listing, newest first.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

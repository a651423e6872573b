using System.Text.Json;

namespace SutazAI.Agents.Hosting.Skills;

/// <summary>What a skill gets for one task: its input and a way to report progress.</summary>
public sealed class SkillContext(Guid taskId, JsonElement input, Func<int, string?, Task> reportProgress, Func<string, Task>? publishOutput = null)
{
    public Guid TaskId { get; } = taskId;

    public JsonElement Input { get; } = input;

    /// <summary>Whom the task is for (<c>ExecuteTask.Requester</c>); a skill that keeps per-person state checks it.</summary>
    public string? Owner { get; init; }

    /// <summary>Reports progress (0-100) with a short phase message; clients see it as a task event.</summary>
    public Task ReportProgressAsync(int percent, string? message = null) =>
        reportProgress(Math.Clamp(percent, 0, 100), message);

    /// <summary>Streams a piece of output (e.g. LLM tokens) to the task's event stream as it is produced.</summary>
    public Task PublishOutputAsync(string text) => publishOutput?.Invoke(text) ?? Task.CompletedTask;
}

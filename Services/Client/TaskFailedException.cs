using SutazAI.Client.Api.Models;

namespace SutazAI.Client;

/// <summary>A task the client waited on ended without a result; <see cref="Task"/> has its status and error.</summary>
public sealed class TaskFailedException(TaskView task)
    : Exception($"Task {task.Id} ({task.Capability}) ended {task.Status}: {task.Error?.Detail ?? "no reason given"}")
{
    public TaskView Task { get; } = task;
}

using System.Text.Json;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Outbox;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>Adds a task and its <see cref="ExecuteTask"/> to the unit of work; the caller commits both together.</summary>
public static class TaskDispatch
{
    public static TaskRecord Add(
        OrchestratorDbContext db,
        string capability,
        string agent,
        JsonElement input,
        int priority,
        string? requester,
        DateTimeOffset now,
        Guid? workflowId = null,
        string? stepId = null)
    {
        var task = new TaskRecord
        {
            Id = Guid.CreateVersion7(now),
            Capability = capability,
            Agent = agent,
            Status = TaskState.Queued,
            Priority = priority,
            Input = input.GetRawText(),
            CreatedAt = now,
            WorkflowId = workflowId,
            StepId = stepId,
        };
        db.Tasks.Add(task);
        db.Outbox.Add(OutboxMessages.Execute(new ExecuteTask(task.Id, capability, input, priority, now, requester), agent, now));
        return task;
    }
}

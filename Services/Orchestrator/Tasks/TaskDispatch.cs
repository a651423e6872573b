using System.Diagnostics;
using System.Text.Json;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Assignment;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Observability;
using SutazAI.Orchestrator.Outbox;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>Adds a task and its <see cref="ExecuteTask"/> to the unit of work; the caller commits both together.</summary>
public static class TaskDispatch
{
    public static TaskRecord Add(
        OrchestratorDbContext db,
        string capability,
        AssignmentDecision assignment,
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
            Agent = assignment.Agent,
            AssignedBy = assignment.Strategy,
            AssignmentReason = assignment.Reason.Length > 500 ? assignment.Reason[..500] : assignment.Reason,
            Status = TaskState.Queued,
            Priority = priority,
            Input = input.GetRawText(),
            CreatedAt = now,
            WorkflowId = workflowId,
            StepId = stepId,
        };
        db.Tasks.Add(task);
        OrchestratorTelemetry.TasksSubmitted.Add(1, new("capability", capability), new("agent", assignment.Agent));
        Activity.Current?.SetTag("sutazai.task_id", task.Id).SetTag("sutazai.capability", capability).SetTag("sutazai.agent", assignment.Agent);
        if (workflowId is { } workflow)
        {
            Activity.Current?.SetTag("sutazai.workflow_id", workflow);
        }

        db.Outbox.Add(OutboxMessages.Execute(new ExecuteTask(task.Id, capability, input, priority, now, requester), assignment.Agent, now));
        return task;
    }
}

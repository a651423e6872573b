using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Outbox;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.DeadLetters;

/// <summary>
/// Sends a dead letter's task again: the task goes back to Queued and its <c>ExecuteTask</c> into the outbox,
/// in one transaction that also marks the dead letter redriven, so two redrives cannot both send it.
/// </summary>
public sealed class DeadLetterRedrive(OrchestratorDbContext db, TaskEvents events, TimeProvider clock)
{
    public enum Result
    {
        Redriven,
        NotFound,
        AlreadyRedriven,
        TaskNotRedrivable,
    }

    public async Task<(Result Result, TaskRecord? Task, string? Why)> RedriveAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var letter = await db.DeadLetters
            .FromSql($"""SELECT * FROM dead_letters WHERE "Id" = {id} FOR UPDATE""")
            .FirstOrDefaultAsync(cancellationToken);
        if (letter is null)
        {
            return (Result.NotFound, null, null);
        }

        if (letter.RedrivenAt is { } at)
        {
            return (Result.AlreadyRedriven, null, $"Dead letter {id} was redriven at {at:O}.");
        }

        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == letter.TaskId, cancellationToken);
        if (task is null || task.Status != TaskState.Failed || task.ErrorType != ProblemTypes.DeadLettered)
        {
            return (Result.TaskNotRedrivable, task, $"Task {letter.TaskId} is {task?.Status.ToString() ?? "gone"}; only a task that failed as a dead letter can be sent again.");
        }

        if (task.WorkflowId is { } workflowId)
        {
            return (Result.TaskNotRedrivable, task, $"Task {task.Id} is step '{task.StepId}' of workflow {workflowId}, which has moved on; run the workflow again instead.");
        }

        var message = JsonSerializer.Deserialize<ExecuteTask>(letter.Message, OutboxMessages.Json)!;
        task.Status = TaskState.Queued;
        task.Progress = 0;
        task.ProgressMessage = "redriven";
        task.Error = null;
        task.ErrorType = null;
        task.StartedAt = null;
        task.CompletedAt = null;
        letter.RedrivenAt = now;
        db.Outbox.Add(OutboxMessages.Execute(message, task.Agent, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await events.PublishAsync(task.ToEvent());
        return (Result.Redriven, task, null);
    }
}

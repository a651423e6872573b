using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts.Messages;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Outbox;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.DeadLetters;

/// <summary>
/// Sends a dead letter's task again: the task goes back to Queued and its <c>ExecuteTask</c> into the outbox,
/// in one transaction that also marks the dead letter redriven, so two redrives cannot both send it.
/// </summary>
public sealed class DeadLetterRedrive(OrchestratorDbContext db, TaskLifecycle lifecycle, TaskDispatcher dispatcher, TimeProvider clock)
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

        if (await lifecycle.RedriveAsync(letter.TaskId, now, cancellationToken) is null)
        {
            var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == letter.TaskId, cancellationToken);
            return (Result.TaskNotRedrivable, task, task is { WorkflowId: { } workflowId }
                ? $"Task {task.Id} is step '{task.StepId}' of workflow {workflowId}, which has moved on; run the workflow again instead."
                : $"Task {letter.TaskId} is {task?.Status.ToString() ?? "gone"}; only a task that failed as a dead letter can be sent again.");
        }

        var redriven = await db.Tasks.AsNoTracking().FirstAsync(t => t.Id == letter.TaskId, cancellationToken);
        dispatcher.Send(JsonSerializer.Deserialize<ExecuteTask>(letter.Message, OutboxMessages.Json)!, redriven.Agent);
        letter.RedrivenAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (Result.Redriven, redriven, null);
    }
}

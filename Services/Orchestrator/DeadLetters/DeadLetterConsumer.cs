using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Outbox;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.DeadLetters;

/// <summary>
/// An agent published a Fault: its task failed every retry. The message is kept as a dead letter and the
/// task ends Failed with the reason, in one transaction.
/// </summary>
public sealed partial class DeadLetterConsumer(
    OrchestratorDbContext db,
    TaskLifecycle lifecycle,
    ILogger<DeadLetterConsumer> logger) : IConsumer<Fault<ExecuteTask>>
{
    public async Task Consume(ConsumeContext<Fault<ExecuteTask>> context)
    {
        var fault = context.Message;
        var task = fault.Message;
        // The innermost exception names the cause (a PostgresException rather than EF's DbUpdateException).
        var chain = Chain(fault.Exceptions.FirstOrDefault()).ToList();
        var exceptionType = (chain.LastOrDefault()?.ExceptionType ?? "unknown").Clip(300);
        var reason = (chain.Count == 0 ? "The agent gave up on the task." : string.Join(" --> ", chain.Select(e => e.Message))).Clip(3000);
        var host = fault.Host is { } h ? $"{h.MachineName}/{h.ProcessName}#{h.ProcessId}".Clip(300) : null;
        var id = Guid.CreateVersion7(fault.Timestamp);
        var message = JsonSerializer.Serialize(task, OutboxMessages.Json);

        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var kept = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO dead_letters ("Id", "FaultId", "TaskId", "Capability", "Agent", "Message", "ExceptionType", "Reason", "Host", "FailedAt")
            VALUES ({id}, {fault.FaultId}, {task.TaskId}, {task.Capability},
              COALESCE((SELECT "Agent" FROM tasks WHERE "Id" = {task.TaskId}), 'unknown'),
              {message}::jsonb, {exceptionType}, {reason}, {host}, {fault.Timestamp})
            ON CONFLICT ("FaultId") DO NOTHING
            """, context.CancellationToken);
        if (kept == 1)
        {
            await lifecycle.FailAsync(task.TaskId, ProblemTypes.DeadLettered,
                $"{task.Capability} failed on every retry ({exceptionType}: {reason}); kept as dead letter {id}.", fault.Timestamp, context.CancellationToken);
        }

        await transaction.CommitAsync(context.CancellationToken);
        if (kept == 1)
        {
            LogDeadLettered(logger, task.TaskId, task.Capability, id, exceptionType);
        }
    }

    private static IEnumerable<ExceptionInfo> Chain(ExceptionInfo? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }


    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} ({Capability}) failed every retry; dead letter {DeadLetterId} ({ExceptionType})")]
    private static partial void LogDeadLettered(ILogger logger, Guid taskId, string capability, Guid deadLetterId, string exceptionType);
}

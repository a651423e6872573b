using MassTransit;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;
using SutazAI.Orchestrator.Data;
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
        var host = fault.Host is { } h ? $"{h.MachineName}/{h.ProcessName}#{h.ProcessId}" : null;
        var id = Guid.CreateVersion7(fault.Timestamp);

        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var kept = await DeadLetterRows.KeepAsync(db, id, fault.FaultId, task, exceptionType, reason, host, fault.Timestamp, context.CancellationToken);
        if (kept)
        {
            await lifecycle.FailAsync(task.TaskId, ProblemTypes.DeadLettered,
                $"{task.Capability} failed on every retry ({exceptionType}: {reason}); kept as dead letter {id}.", fault.Timestamp, context.CancellationToken);
        }

        await transaction.CommitAsync(context.CancellationToken);
        if (kept)
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

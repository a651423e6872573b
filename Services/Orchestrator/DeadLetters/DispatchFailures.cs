using SutazAI.Contracts;
using SutazAI.Contracts.Messages;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Outbox;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.DeadLetters;

/// <summary>
/// A task message the broker never took (e.g. no queue of that agent): the task fails as <c>dispatch-failed</c> and
/// the message is kept as a dead letter, so an operator can redrive it once the cause is fixed.
/// </summary>
public sealed class DispatchFailures(OrchestratorDbContext db, TaskLifecycle lifecycle, TimeProvider clock) : IUndeliverableMessages
{
    public async Task GiveUpAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        if (OutboxMessages.Deserialize(row) is not ExecuteTask task)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var reason = $"Not handed to the broker after {row.Attempts} attempts: {row.LastError}";
        await DeadLetterRows.KeepAsync(db, id, OutboxMessages.DeterministicId(row), task, "dispatch-failed", reason, null, now, cancellationToken);
        await lifecycle.FailAsync(task.TaskId, ProblemTypes.DispatchFailed, $"{reason}; kept as dead letter {id}.", now, cancellationToken);
    }
}

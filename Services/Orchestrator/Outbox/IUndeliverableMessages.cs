using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Outbox;

/// <summary>What becomes of an outbox row the relay gave up on (its task fails; see <c>DeadLetters.DispatchFailures</c>).</summary>
public interface IUndeliverableMessages
{
    /// <summary>Called in the relay's transaction, after the row was removed from the outbox.</summary>
    Task GiveUpAsync(OutboxMessage row, CancellationToken cancellationToken);
}

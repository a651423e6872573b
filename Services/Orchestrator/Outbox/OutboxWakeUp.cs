using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Outbox;

/// <summary>
/// Wakes the relay once a save that added outbox rows is committed, so no code path that writes to the outbox can
/// forget to (and none wakes it before the rows are visible).
/// </summary>
public sealed class OutboxWakeUp(OutboxSignal signal) : ISaveChangesInterceptor
{
    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is OrchestratorDbContext db)
        {
            db.SavingOutboxRows = db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
        }

        return ValueTask.FromResult(result);
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is OrchestratorDbContext { SavingOutboxRows: true } db)
        {
            db.SavingOutboxRows = false;
            await db.RunAfterCommitAsync(() =>
            {
                signal.Notify();
                return Task.CompletedTask;
            });
        }

        return result;
    }
}

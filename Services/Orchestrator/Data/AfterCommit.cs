using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SutazAI.Orchestrator.Data;

/// <summary>
/// Work that may run only once a change is durable (announce an event, record a metric, wake the outbox relay):
/// queued on the context, run when the transaction commits, dropped when it rolls back. A change made outside
/// any explicit transaction is committed already, so its work runs at once. A transaction that was abandoned
/// (disposed without commit) leaves its work behind on a pooled context; the next transaction's start, or the
/// next save outside a transaction, drops it.
/// </summary>
public static class AfterCommit
{
    /// <summary>Runs <paramref name="action"/> once what this context changed is committed.</summary>
    public static async Task RunAfterCommitAsync(this OrchestratorDbContext db, Func<Task> action)
    {
        if (db.Database.CurrentTransaction is null)
        {
            await action();
            return;
        }

        db.AfterCommitActions.Add(action);
    }

    /// <summary>Runs the queued work when the transaction commits (or a save without one completes).</summary>
    public sealed class Interceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
    {
        public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is OrchestratorDbContext { Database.CurrentTransaction: null } db)
            {
                db.AfterCommitActions.Clear();
            }

            return ValueTask.FromResult(result);
        }

        public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is OrchestratorDbContext { Database.CurrentTransaction: null } db)
            {
                await RunAsync(db);
            }

            return result;
        }

        public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            (eventData.Context as OrchestratorDbContext)?.AfterCommitActions.Clear();
            return ValueTask.FromResult(result);
        }

        public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is OrchestratorDbContext db)
            {
                await RunAsync(db);
            }
        }

        public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            (eventData.Context as OrchestratorDbContext)?.AfterCommitActions.Clear();
            return Task.CompletedTask;
        }

        public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is OrchestratorDbContext { Database.CurrentTransaction: null } db)
            {
                db.AfterCommitActions.Clear();
            }

            return Task.CompletedTask;
        }

        private static async Task RunAsync(OrchestratorDbContext db)
        {
            while (db.AfterCommitActions.Count > 0)
            {
                var actions = db.AfterCommitActions.ToList();
                db.AfterCommitActions.Clear();
                foreach (var action in actions)
                {
                    await action();
                }
            }
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Workflows;

/// <summary>
/// Gives a workflow a new version in every save that changes it or any of its steps, and announces the version once
/// the change is committed, so no code path that changes a workflow can forget to tell its event streams.
/// </summary>
public sealed class WorkflowVersions(WorkflowEvents events) : ISaveChangesInterceptor
{
    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is OrchestratorDbContext db)
        {
            var tracker = db.ChangeTracker;
            var changedSteps = tracker.Entries<WorkflowStepRecord>()
                .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                .Select(e => e.Entity.WorkflowId)
                .ToHashSet();
            foreach (var workflow in tracker.Entries<WorkflowRecord>())
            {
                if (workflow.State == EntityState.Modified || (workflow.State == EntityState.Unchanged && changedSteps.Contains(workflow.Entity.Id)))
                {
                    // Through the entry, so the change is tracked whether or not changes were detected already.
                    workflow.Property(w => w.Version).CurrentValue = workflow.Entity.Version + 1;
                }

                if (workflow.State is EntityState.Added or EntityState.Modified)
                {
                    db.ChangedWorkflows.Add(workflow.Entity);
                }
            }
        }

        return ValueTask.FromResult(result);
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is OrchestratorDbContext { ChangedWorkflows.Count: > 0 } db)
        {
            var changed = db.ChangedWorkflows.Select(w => (w.Id, w.Version)).ToList();
            db.ChangedWorkflows.Clear();
            await db.RunAfterCommitAsync(async () =>
            {
                foreach (var (id, version) in changed)
                {
                    await events.PublishAsync(id, version);
                }
            });
        }

        return result;
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as OrchestratorDbContext)?.ChangedWorkflows.Clear();
        return Task.CompletedTask;
    }
}

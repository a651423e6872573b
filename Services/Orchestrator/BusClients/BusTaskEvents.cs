using System.Text.Json;
using SutazAI.Contracts.Integration;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Outbox;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.BusClients;

/// <summary>
/// A task a bus client submitted ended: its event goes into the outbox in the transaction that ended it, so the
/// client hears of every end at least once, whatever restarts in between. Tasks of anyone else cost nothing here.
/// </summary>
public sealed class BusTaskEvents(OrchestratorDbContext db) : ITaskObserver
{
    private static readonly string OwnerPrefix = BusTopology.Owner(string.Empty);

    public async Task OnTaskFinishedAsync(TaskChange change, string? result, TaskError? error, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!change.Owner.StartsWith(OwnerPrefix, StringComparison.Ordinal))
        {
            return;
        }

        object message = change.Status switch
        {
            TaskState.Completed => new SutazAI.Contracts.Integration.TaskCompleted(change.Id, change.Capability, change.Agent, Parse(result), at),
            TaskState.Cancelled => new TaskCancelled(change.Id, change.Capability, error?.Detail ?? "cancelled", at),
            _ => new SutazAI.Contracts.Integration.TaskFailed(change.Id, change.Capability, change.Agent, error?.Type ?? SutazAI.Contracts.ProblemTypes.SkillFailed, error?.Detail ?? "failed", at),
        };
        db.Outbox.Add(OutboxMessages.ForBusClient(message, change.Owner[OwnerPrefix.Length..], at));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static JsonElement Parse(string? result)
    {
        using var document = JsonDocument.Parse(result ?? "null");
        return document.RootElement.Clone();
    }
}

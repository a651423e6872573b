namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// Told, inside the transaction that made it, when a task reached a final state, so it can change what depends on
/// the task in the same commit (a workflow moving on to its next steps).
/// </summary>
public interface ITaskObserver
{
    Task OnTaskFinishedAsync(TaskChange change, string? result, string? error, CancellationToken cancellationToken);
}

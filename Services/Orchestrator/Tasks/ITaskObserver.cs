using SutazAI.Contracts.Tasks;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// Told, inside the transaction that made it, when a task reached a final state, so it can change what depends on
/// the task in the same commit (a workflow moving on to its next steps, a bus client's event queued in the outbox).
/// Called for every task that ends, so an observer returns at once for tasks it does not care about.
/// </summary>
public interface ITaskObserver
{
    /// <param name="change">The task as the transition left it.</param>
    /// <param name="result">The result's JSON, for a completed task.</param>
    /// <param name="error">The problem, for a failed or cancelled task.</param>
    /// <param name="at">When it ended.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    Task OnTaskFinishedAsync(TaskChange change, string? result, TaskError? error, DateTimeOffset at, CancellationToken cancellationToken);
}

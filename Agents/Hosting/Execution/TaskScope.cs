using SutazAI.Contracts.Messages;

namespace SutazAI.Agents.Hosting.Execution;

/// <summary>The task the current async flow works on, so outgoing LLM calls can say whose work and how urgent.</summary>
public static class TaskScope
{
    private static readonly AsyncLocal<ExecuteTask?> CurrentTask = new();

    public static ExecuteTask? Current => CurrentTask.Value;

    public static IDisposable Enter(ExecuteTask task)
    {
        var previous = CurrentTask.Value;
        CurrentTask.Value = task;
        return new Exit(previous);
    }

    private sealed class Exit(ExecuteTask? previous) : IDisposable
    {
        public void Dispose() => CurrentTask.Value = previous;
    }
}

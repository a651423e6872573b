namespace SutazAI.Contracts;

/// <summary>Naming and limits of the agent queues, shared by the orchestrator and every agent.</summary>
public static class AgentQueues
{
    /// <summary>The highest task priority; agent queues are declared with this <c>x-max-priority</c>.</summary>
    public const byte MaxPriority = 9;

    /// <summary>The queue an agent type consumes <see cref="Messages.ExecuteTask"/> from.</summary>
    public static string For(string agent) => $"agent-{agent}";
}

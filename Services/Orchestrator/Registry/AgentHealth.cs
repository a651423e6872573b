using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Registry;

public static class AgentHealth
{
    /// <summary>Heartbeats an instance may miss before it counts as unhealthy.</summary>
    public const int MissedBeatsAllowed = 3;

    public static bool IsHealthy(AgentInstanceRecord instance, DateTimeOffset now) =>
        now - instance.LastSeen <= TimeSpan.FromSeconds(instance.IntervalSeconds * MissedBeatsAllowed);
}

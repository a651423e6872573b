using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Registry;

public static class AgentHealth
{
    /// <summary>Heartbeats an instance may miss before it counts as unhealthy.</summary>
    public const int MissedBeatsAllowed = 3;

    /// <summary>
    /// How long the registry remembers an instance after its last beat. Every start of an agent is a new instance, so
    /// without this the registry would grow with every restart and each read of it with the registry. An instance silent
    /// for longer counts as gone whatever heartbeat interval it announced.
    /// </summary>
    public static readonly TimeSpan Remembered = TimeSpan.FromMinutes(10);

    public static bool IsHealthy(AgentInstanceRecord instance, DateTimeOffset now) =>
        now - instance.LastSeen <= TimeSpan.FromSeconds(instance.IntervalSeconds * MissedBeatsAllowed);

    /// <summary>The instances the registry still remembers at <paramref name="now"/>: long-gone ones are history.</summary>
    public static IQueryable<AgentInstanceRecord> RememberedAt(this IQueryable<AgentInstanceRecord> instances, DateTimeOffset now)
    {
        var since = now - Remembered;
        return instances.Where(i => i.LastSeen > since);
    }

    /// <summary>The rest: instances silent for longer than <see cref="Remembered"/>.</summary>
    public static IQueryable<AgentInstanceRecord> ForgottenAt(this IQueryable<AgentInstanceRecord> instances, DateTimeOffset now)
    {
        var since = now - Remembered;
        return instances.Where(i => i.LastSeen <= since);
    }
}

using SutazAI.Contracts.Auth;
using SutazAI.Contracts.Integration;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.BusClients;

/// <summary>A bus client as a <see cref="Submitter"/>: its configured scopes decide what it may ask for, as a token's do.</summary>
public static class BusSubmitter
{
    /// <summary>The submitter, or null when the client may not submit tasks at all (no <c>tasks:write</c>).</summary>
    public static Submitter? For(string client, BusClientOptions.BusClient configuration)
    {
        var scopes = configuration.Scopes;
        var admin = scopes.Contains(ApiScopes.Admin);
        return admin || scopes.Contains(ApiScopes.TasksWrite)
            ? new Submitter(BusTopology.Owner(client), admin || scopes.Contains(ApiScopes.Chat), admin || scopes.Contains(ApiScopes.TasksPriority))
            : null;
    }
}

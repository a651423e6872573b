using System.Text.RegularExpressions;
using SutazAI.Contracts.Auth;
using SutazAI.Contracts.Integration;

namespace SutazAI.Orchestrator.BusClients;

/// <summary>
/// Other teams' services allowed to submit work over RabbitMQ (<c>Bus:Clients:NAME:Scopes</c>), each a RabbitMQ user
/// of the same name the AppHost creates with permissions on its own exchanges only (<see cref="BusTopology"/>).
/// </summary>
public sealed partial class BusClientOptions
{
    public const string Section = "Bus";

    public Dictionary<string, BusClient> Clients { get; set; } = [];

    public sealed class BusClient
    {
        /// <summary>What the client's tasks may do, as API scopes: <c>tasks:write</c> to submit at all, <c>chat</c> for skills that call the LLM, <c>tasks:priority</c> above 5.</summary>
        public string[] Scopes { get; set; } = [];
    }

    /// <summary>Why the configuration cannot be used, or null.</summary>
    public string? Invalid()
    {
        var badNames = Clients.Keys.Where(name => !ClientName().IsMatch(name)).ToArray();
        if (badNames.Length > 0)
        {
            return $"Bus client names must match {BusTopology.ClientNamePattern}: {string.Join(", ", badNames)}.";
        }

        var unknown = Clients.SelectMany(c => ApiScopes.Unknown(c.Value.Scopes).Select(scope => $"{c.Key}: {scope}")).ToArray();
        return unknown.Length > 0 ? $"Unknown scopes of bus clients: {string.Join(", ", unknown)}." : null;
    }

    [GeneratedRegex(BusTopology.ClientNamePattern)]
    private static partial Regex ClientName();
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>
/// RabbitMQ's users as definitions it imports at boot: the platform's own user (everything), and one per bus client
/// listed under <c>Bus:Clients</c> (the orchestrator reads the same section), allowed only its own exchanges and
/// queues: write to <c>sutazai.submit.NAME</c>, read from <c>sutazai.tasks.NAME</c>, anything on queues named
/// <c>NAME.*</c>. A client's password is generated once and kept in the data folder's secrets as
/// <c>bus-client-NAME</c>, for the operator to hand over. A client removed from the list keeps its RabbitMQ user
/// (imports add, never delete), but the orchestrator no longer listens to its queue.
/// </summary>
public static partial class BusClientUsers
{
    public const string Section = "Bus:Clients";

    /// <summary>Writes the definitions file (readable by its owner only) and returns its path.</summary>
    public static string WriteDefinitions(IConfiguration configuration, string dataRoot, string directory, string platformUser, string platformPassword)
    {
        var clients = configuration.GetSection(Section).GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal).ToArray();
        var invalid = clients.Where(name => !ClientName().IsMatch(name)).ToArray();
        if (invalid.Length > 0)
        {
            throw new InvalidOperationException($"{Section}: names must be lower-case letters, digits and hyphens (1-40, a letter first): {string.Join(", ", invalid)}.");
        }

        var users = new List<RabbitUser> { new(platformUser, platformPassword, "administrator") };
        var permissions = new List<RabbitPermission> { new(platformUser, "/", ".*", ".*", ".*") };
        foreach (var client in clients)
        {
            users.Add(new RabbitUser(client, LocalSecrets.GetOrCreate(dataRoot, $"bus-client-{client}"), ""));
            permissions.Add(new RabbitPermission(
                client,
                "/",
                Configure: $"^({client}\\..*|sutazai\\.submit\\.{client}|sutazai\\.tasks\\.{client})$",
                Write: $"^({client}\\..*|sutazai\\.submit\\.{client})$",
                Read: $"^({client}\\..*|sutazai\\.tasks\\.{client})$"));
        }

        var path = Path.Combine(directory, "definitions.json");
        var definitions = new { vhosts = new[] { new { name = "/" } }, users, permissions };
        LocalSecrets.WritePrivate(path, JsonSerializer.Serialize(definitions, JsonSerializerOptions.Web));
        return path;
    }

    /// <summary>A user in RabbitMQ's definitions format (its password given in clear and hashed by RabbitMQ on import).</summary>
    private sealed record RabbitUser(string Name, string Password, string Tags);

    /// <summary>A user's rights on a virtual host: regular expressions of the resource names it may configure, write, read.</summary>
    private sealed record RabbitPermission(string User, string Vhost, string Configure, string Write, string Read);

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex ClientName();
}

namespace SutazAI.Contracts.Auth;

/// <summary>What an identity may do; the gateway enforces one per public route.</summary>
public static class ApiScopes
{
    public const string TasksRead = "tasks:read";
    public const string TasksWrite = "tasks:write";
    public const string Chat = "chat";
    public const string Models = "models";
    public const string Admin = "admin";

    public static readonly string[] All = [TasksRead, TasksWrite, Chat, Models, Admin];

    /// <summary>What a new user gets unless an admin grants otherwise.</summary>
    public static readonly string[] DefaultUser = [TasksRead, TasksWrite, Chat, Models];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);

    /// <summary>The unknown names in <paramref name="scopes"/>, for a 400 that lists them.</summary>
    public static string[] Unknown(IEnumerable<string> scopes) => scopes.Where(scope => !IsKnown(scope)).Distinct().ToArray();

    /// <summary>Known, distinct, in canonical order.</summary>
    public static string[] Normalize(IEnumerable<string> scopes) => All.Where(scopes.Contains).ToArray();
}

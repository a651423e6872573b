namespace SutazAI.Contracts.Auth;

/// <summary>What an identity may do; the gateway enforces one per public route.</summary>
public static class ApiScopes
{
    public const string TasksRead = "tasks:read";
    public const string TasksWrite = "tasks:write";

    /// <summary>Submitting with a priority above <see cref="MaxOrdinaryPriority"/>: ahead of everyone else's work.</summary>
    public const string TasksPriority = "tasks:priority";
    public const string Chat = "chat";
    public const string Models = "models";
    public const string Admin = "admin";

    public static readonly string[] All = [TasksRead, TasksWrite, TasksPriority, Chat, Models, Admin];

    /// <summary>The highest priority anyone with <see cref="TasksWrite"/> may ask for.</summary>
    public const int MaxOrdinaryPriority = 5;

    /// <summary>What a new user gets unless an admin grants otherwise.</summary>
    public static readonly string[] DefaultUser = [TasksRead, TasksWrite, Chat, Models];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);

    /// <summary>The unknown names in <paramref name="scopes"/>, for a 400 that lists them.</summary>
    public static string[] Unknown(IEnumerable<string> scopes) => scopes.Where(scope => !IsKnown(scope)).Distinct().ToArray();

    /// <summary>Known, distinct, in canonical order.</summary>
    public static string[] Normalize(IEnumerable<string> scopes) => All.Where(scopes.Contains).ToArray();
}

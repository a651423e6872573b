using Microsoft.AspNetCore.Authorization;
using SutazAI.Contracts.Auth;

namespace SutazAI.Gateway.Security;

/// <summary>
/// Authorization policies named in the YARP routes (<c>AuthorizationPolicy</c>) and on the gateway's own endpoints.
/// No identity: 401. An identity without the scope: 403.
/// </summary>
public static class RoutePolicies
{
    /// <summary>Reads need <c>tasks:read</c>, anything else <c>tasks:write</c>: tasks, workflows, goals, agents, capabilities.</summary>
    public const string Tasks = "tasks";
    public const string Chat = "chat";
    public const string Models = "models";
    public const string Admin = "admin";

    /// <summary>Any identity at all (e.g. <c>/auth/me</c>, managing one's own keys).</summary>
    public const string Authenticated = "authenticated";

    public static void Add(AuthorizationOptions options)
    {
        var authenticated = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.DefaultPolicy = authenticated;
        // Anything not mapped explicitly still needs an identity: unknown paths answer 401 before 404.
        options.FallbackPolicy = authenticated;
        options.AddPolicy(Authenticated, authenticated);
        options.AddPolicy(Tasks, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
            context.Resource is HttpContext http && context.User.HasScope(IsRead(http.Request.Method) ? ApiScopes.TasksRead : ApiScopes.TasksWrite)));
        options.AddPolicy(Chat, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => context.User.HasScope(ApiScopes.Chat)));
        options.AddPolicy(Models, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => context.User.HasScope(ApiScopes.Models)));
        options.AddPolicy(Admin, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => context.User.HasScope(ApiScopes.Admin)));
    }

    /// <summary>The scope a request needs under the <see cref="Tasks"/> policy, for the 403's message.</summary>
    public static string RequiredScope(string policy, string method) => policy switch
    {
        Tasks => IsRead(method) ? ApiScopes.TasksRead : ApiScopes.TasksWrite,
        Chat => ApiScopes.Chat,
        Models => ApiScopes.Models,
        Admin => ApiScopes.Admin,
        _ => "",
    };

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
}

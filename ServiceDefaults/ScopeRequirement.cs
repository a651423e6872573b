using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SutazAI.Contracts.Auth;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A service's own check of the scope a route needs (the gateway checks it too), so a token without it gets 403 even
/// when it came from inside the platform. A platform service's token carries no scopes (every service could sign
/// one), so it passes only routes that name services as callers (<c>services: true</c>): the models a skill calls,
/// never an admin route.
/// </summary>
public static class ScopeRequirement
{
    /// <summary>Every request needs <paramref name="scope"/>.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope, bool services = false) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireScope(_ => scope, services);

    /// <summary>Reads need <c>tasks:read</c>, anything else <c>tasks:write</c> (as the gateway's <c>tasks</c> policy).</summary>
    public static TBuilder RequireTaskScopes<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireScope(request => IsRead(request.Method) ? ApiScopes.TasksRead : ApiScopes.TasksWrite, services: false);

    private static TBuilder RequireScope<TBuilder>(this TBuilder builder, Func<HttpRequest, string> scopeOf, bool services) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var user = context.HttpContext.User;
            var scope = scopeOf(context.HttpContext.Request);
            return user.HasScope(scope) || (services && IsPlatformService(user))
                ? await next(context)
                : new ForbiddenProblem($"This route needs the '{scope}' scope.");
        });
        builder.WithMetadata(ForbiddenProblem.Metadata);
        return builder;
    }

    private static bool IsPlatformService(ClaimsPrincipal user) =>
        user.Requester() is { } subject && subject.StartsWith(InternalTokens.ServiceSubjectPrefix, StringComparison.Ordinal);

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
}

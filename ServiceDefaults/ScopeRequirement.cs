using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SutazAI.Contracts;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A service's own check of the scope a route needs (the gateway checks it too): a token without it gets 403 even
/// when it came from inside the platform, e.g. a service's token on an admin route.
/// </summary>
public static class ScopeRequirement
{
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            context.HttpContext.User.HasScope(scope)
                ? await next(context)
                : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: ProblemTypes.Forbidden, title: "Forbidden",
                    detail: $"This route needs the '{scope}' scope."))
        .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ProblemDetails), ["application/problem+json"]));
}

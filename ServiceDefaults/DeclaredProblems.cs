using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using SutazAI.Contracts;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Problem results an endpoint's signature declares (<c>Results&lt;Ok&lt;T&gt;, NotFoundProblem&gt;</c>), so the OpenAPI
/// document learns the status from the return type instead of hand-written metadata.
/// </summary>
public abstract class DeclaredProblem(ProblemHttpResult problem) : IResult
{
    public ProblemHttpResult Problem { get; } = problem;

    public Task ExecuteAsync(HttpContext httpContext) => Problem.ExecuteAsync(httpContext);

    protected static void Declare(EndpointBuilder builder, int status) => builder.Metadata.Add(MetadataFor(status));

    protected static ProducesResponseTypeMetadata MetadataFor(int status) => new(status, typeof(ProblemDetails), ["application/problem+json"]);
}

/// <summary>404: no such resource (or not one the caller may see).</summary>
public sealed class NotFoundProblem(string kind, object id) : DeclaredProblem(TypedResults.Problem(
    statusCode: StatusCodes.Status404NotFound,
    title: $"{char.ToUpperInvariant(kind[0])}{kind[1..]} not found",
    detail: $"No {kind} has the id '{id}'.",
    type: ProblemTypes.NotFound)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status404NotFound);
}

/// <summary>403: the caller is known but lacks the right the request needs (a scope).</summary>
public sealed class ForbiddenProblem(string detail) : DeclaredProblem(TypedResults.Problem(
    statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail, type: ProblemTypes.Forbidden)), IEndpointMetadataProvider
{
    /// <summary>For a filter that may answer 403 on an endpoint whose signature does not say so.</summary>
    public static readonly ProducesResponseTypeMetadata Metadata = MetadataFor(StatusCodes.Status403Forbidden);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status403Forbidden);
}

/// <summary>409: the resource is not in a state that allows the request.</summary>
public sealed class ConflictProblem(string title, string? detail) : DeclaredProblem(TypedResults.Problem(
    statusCode: StatusCodes.Status409Conflict, title: title, detail: detail, type: ProblemTypes.Conflict)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status409Conflict);
}

/// <summary>503: a dependency the request needs is away; retry later.</summary>
public sealed class UnavailableProblem(string title, string detail, string type = ProblemTypes.ServiceUnavailable) : DeclaredProblem(TypedResults.Problem(
    statusCode: StatusCodes.Status503ServiceUnavailable, title: title, detail: detail, type: type)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status503ServiceUnavailable);
}

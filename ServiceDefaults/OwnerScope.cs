using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using SutazAI.Contracts;
using SutazAI.Contracts.Auth;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Whose work a request may touch, bound from the validated token and the <c>owner</c> query parameter: the caller's
/// own by default; an admin may name one owner (<c>?owner=user:…</c>) or everyone (<c>?owner=*</c>). Anyone else
/// naming an owner other than themselves gets 403. Rows outside the scope are answered as missing (404), so an id
/// of someone else's work is never confirmed.
/// </summary>
public sealed class OwnerScope : IEndpointParameterMetadataProvider
{
    public const string QueryName = "owner";
    public const string Everyone = "*";
    public const int MaxOwnerLength = 100;

    private OwnerScope(string caller, string? owner)
    {
        Caller = caller;
        Owner = owner;
    }

    /// <summary>Who is asking (the person a key or token acts for, or <c>service:NAME</c>).</summary>
    public string Caller { get; }

    /// <summary>The one owner whose rows are in scope, or null for everyone's (admins who asked).</summary>
    public string? Owner { get; }

    public bool Allows(string? owner) => Owner is null || string.Equals(Owner, owner, StringComparison.Ordinal);

    public static OwnerScope For(ClaimsPrincipal caller, string? requested)
    {
        var subject = caller.Requester() ?? throw Refused(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized", "The request names no caller.");
        if (string.IsNullOrEmpty(requested) || requested == subject)
        {
            return new OwnerScope(subject, subject);
        }

        if (!caller.HasScope(ApiScopes.Admin))
        {
            throw Refused(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden", "Only admins may look at work of other owners ('owner').");
        }

        if (requested.Length > MaxOwnerLength)
        {
            throw Refused(StatusCodes.Status400BadRequest, ProblemTypes.ValidationFailed, "Invalid owner", $"An owner is at most {MaxOwnerLength} characters.");
        }

        return new OwnerScope(subject, requested == Everyone ? null : requested);
    }

    public static ValueTask<OwnerScope?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<OwnerScope?>(For(context.User, context.Request.Query[QueryName].ToString()));

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(ForbiddenProblem.Metadata);

    private static RequestProblemException Refused(int status, string type, string title, string detail) => new(status, type, title, detail);
}

using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>Who a request acts for, read from the validated internal token (never from a header a client could set).</summary>
public static class CallerClaims
{
    /// <summary>
    /// The token's subject: the person the caller acts for (<c>user:…</c>, or <c>bootstrap</c> for the platform's own
    /// admin key; an API key acts for the person who made it), or <c>service:NAME</c>; null without a validated token.
    /// </summary>
    public static string? Requester(this ClaimsPrincipal user) =>
        user.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { Length: > 0 } subject ? subject : null;

    /// <summary>Whether the token grants <paramref name="scope"/> (scopes travel space-separated in one claim).</summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.FindAll(CallerTokens.ScopeClaim).Any(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));
}

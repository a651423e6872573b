using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>Who a request acts for, read from the validated internal token (never from a header a client could set).</summary>
public static class CallerClaims
{
    /// <summary>The token's subject (a user or API key id, or <c>service:NAME</c>); null without a validated token.</summary>
    public static string? Requester(this ClaimsPrincipal user) =>
        user.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { Length: > 0 } subject ? subject : null;
}

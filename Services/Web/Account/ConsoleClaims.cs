using System.Security.Claims;
using SutazAI.Contracts.Auth;

namespace SutazAI.Web.Account;

/// <summary>What the console's cookie says about the person: the sign-in's id, the name and the scopes.</summary>
public static class ConsoleClaims
{
    public const string SignInId = "sid";
    public const string Scope = "scope";
    public const string AdminPolicy = "admin";

    public static ClaimsPrincipal Principal(string signInId, string username, IEnumerable<string> scopes)
    {
        List<Claim> claims = [new(SignInId, signInId), new(ClaimTypes.Name, username)];
        claims.AddRange(scopes.Select(scope => new Claim(Scope, scope)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "console", ClaimTypes.Name, ClaimTypes.Role));
    }

    public static string? SignInIdOf(this ClaimsPrincipal user) => user.FindFirst(SignInId)?.Value;

    public static bool Has(this ClaimsPrincipal user, string scope) => user.HasClaim(Scope, scope);

    public static bool IsAdmin(this ClaimsPrincipal user) => user.Has(ApiScopes.Admin);
}

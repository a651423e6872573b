using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace SutazAI.Gateway.Identity;

/// <summary>The claims every authenticated caller carries, whichever way it signed in.</summary>
public static class CallerIdentity
{
    public const string ScopeClaim = "scope";
    public const string KindClaim = "sutazai_kind";

    public const string UserKind = "user";
    public const string KeyKind = "key";
    public const string BootstrapKind = "bootstrap";

    /// <summary>Subjects look like <c>user:{guid}</c>, <c>key:{guid}</c> or <c>bootstrap</c>.</summary>
    public static string UserSubject(Guid id) => $"user:{id:N}";

    public static string KeySubject(Guid id) => $"key:{id:N}";

    public static ClaimsIdentity Create(string subject, string name, string kind, IEnumerable<string> scopes, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, subject),
            new(JwtRegisteredClaimNames.Name, name),
            new(KindClaim, kind),
        };
        claims.AddRange(scopes.Select(scope => new Claim(ScopeClaim, scope)));
        return new ClaimsIdentity(claims, authenticationType, JwtRegisteredClaimNames.Name, null);
    }

    public static string? Subject(this ClaimsPrincipal user) => user.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;

    public static string Kind(this ClaimsPrincipal user) => user.FindFirst(KindClaim)?.Value ?? UserKind;

    /// <summary>Scopes as claims; an access token carries them space-separated in one claim, so both forms are read.</summary>
    public static string[] Scopes(this ClaimsPrincipal user) =>
        user.FindAll(ScopeClaim).SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToArray();

    public static bool HasScope(this ClaimsPrincipal user, string scope) => user.Scopes().Contains(scope, StringComparer.Ordinal);
}

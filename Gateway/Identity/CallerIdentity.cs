using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace SutazAI.Gateway.Identity;

/// <summary>The claims every authenticated caller carries, whichever way it signed in.</summary>
public static class CallerIdentity
{
    public const string ScopeClaim = "scope";
    public const string KindClaim = "sutazai_kind";

    /// <summary>The person an identity acts for; a key's is the user who made it (or whose key made it).</summary>
    public const string OwnerClaim = "sutazai_owner";

    /// <summary>The priority an API key's LLM calls wait with, when the key has one.</summary>
    public const string PriorityClaim = "sutazai_priority";

    public const string UserKind = "user";
    public const string KeyKind = "key";
    public const string BootstrapKind = "bootstrap";

    /// <summary>Subjects look like <c>user:{guid}</c>, <c>key:{guid}</c> or <c>bootstrap</c>.</summary>
    public static string UserSubject(Guid id) => $"user:{id:N}";

    public static string KeySubject(Guid id) => $"key:{id:N}";

    /// <summary>The key a <see cref="KeySubject"/> names, or null for any other subject.</summary>
    public static Guid? KeyId(string? subject) =>
        subject is { Length: 36 } && subject.StartsWith("key:", StringComparison.Ordinal) && Guid.TryParseExact(subject[4..], "N", out var id) ? id : null;

    public static ClaimsIdentity Create(string subject, string owner, string name, string kind, IEnumerable<string> scopes, string authenticationType, int? priority = null)
    {
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, subject),
            new(OwnerClaim, owner),
            new(JwtRegisteredClaimNames.Name, name),
            new(KindClaim, kind),
        };
        claims.AddRange(scopes.Select(scope => new Claim(ScopeClaim, scope)));
        if (priority is { } value)
        {
            claims.Add(new Claim(PriorityClaim, value.ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer32));
        }

        return new ClaimsIdentity(claims, authenticationType, JwtRegisteredClaimNames.Name, null);
    }

    public static string? Subject(this ClaimsPrincipal user) => user.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;

    /// <summary>The person the caller acts for: whose work it sees and whose allowances it spends.</summary>
    public static string? Owner(this ClaimsPrincipal user) => user.FindFirst(OwnerClaim)?.Value ?? user.Subject();

    public static string? Priority(this ClaimsPrincipal user) => user.FindFirst(PriorityClaim)?.Value;

    public static string Kind(this ClaimsPrincipal user) => user.FindFirst(KindClaim)?.Value ?? UserKind;

    /// <summary>Scopes as claims; an access token carries them space-separated in one claim, so both forms are read.</summary>
    public static string[] Scopes(this ClaimsPrincipal user) =>
        user.FindAll(ScopeClaim).SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToArray();
}

using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Short-lived tokens a platform service signs for its own calls to another (subject <c>service:NAME</c>, no
/// scopes), HMAC-signed with the secret parameter <c>internal-token-key</c> (<c>Internal:TokenKey</c>) that every
/// service holds. Because every service holds it, a token of this kind can only ever name a service: one naming
/// anyone else, or carrying scopes, is refused. People's identities travel in <see cref="CallerTokens"/>, which only
/// the gateway can sign.
/// </summary>
public sealed class InternalTokens
{
    public const string KeySetting = "Internal:TokenKey";
    public const int MinimumKeyLength = 32;

    /// <summary>The subject of a token a service mints for its own calls: <c>service:NAME</c>.</summary>
    public const string ServiceSubjectPrefix = "service:";
    private const string Issuer = "sutazai-internal";
    private const string Audience = "sutazai-services";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    /// <summary>A cached token is handed out for its first minute only.</summary>
    private static readonly TimeSpan ReuseFor = TimeSpan.FromMinutes(1);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials;
    private readonly CheckedTokens _checked;
    private readonly TokenCache<string> _issued = new(10_000);

    public InternalTokens(IConfiguration configuration)
    {
        var key = configuration[KeySetting];
        if (key is null || key.Length < MinimumKeyLength)
        {
            throw new InvalidOperationException(
                $"{KeySetting} must be set (at least {MinimumKeyLength} characters); the AppHost passes the secret parameter internal-token-key.");
        }

        // Hashing gives a 256-bit HMAC key whatever the secret's length or alphabet.
        var signingKey = new SymmetricSecurityKey(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        _credentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256);
        _checked = new CheckedTokens(new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = signingKey,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = JwtRegisteredClaimNames.Sub,
        }, NamesAService);
    }

    /// <summary>A token for the service <paramref name="subject"/> (<c>service:NAME</c>); the same one is handed out for a minute.</summary>
    public string Issue(string subject)
    {
        if (!subject.StartsWith(ServiceSubjectPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A service token names a service ({ServiceSubjectPrefix}NAME), not '{subject}'.", nameof(subject));
        }

        var cacheKey = subject;
        var now = DateTime.UtcNow;
        if (_issued.TryGet(cacheKey, now, out var cached))
        {
            return cached;
        }

        var claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = subject, [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N") };

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = _credentials,
        });
        _issued.Set(cacheKey, token, now + ReuseFor, now);
        return token;
    }

    /// <summary>The service a valid token names, or null for a missing, forged or expired one, or one naming anything but a service.</summary>
    public Task<ClaimsIdentity?> ValidateAsync(string? token) => _checked.ValidateAsync(token);

    private static bool NamesAService(ClaimsIdentity identity) =>
        identity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { } subject
        && subject.StartsWith(ServiceSubjectPrefix, StringComparison.Ordinal)
        && !identity.HasClaim(c => c.Type == CallerTokens.ScopeClaim);
}

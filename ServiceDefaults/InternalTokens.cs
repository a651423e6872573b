using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Short-lived tokens that say "this request came through the gateway or from a platform service". The gateway
/// issues one for every request it proxies (subject = the caller's identity); services issue their own for the
/// calls they make to each other. All are HMAC-signed with the secret parameter <c>internal-token-key</c>
/// (<c>Internal:TokenKey</c>), which only the platform's processes know.
/// </summary>
public sealed class InternalTokens
{
    public const string KeySetting = "Internal:TokenKey";
    public const int MinimumKeyLength = 32;
    public const string ScopeClaim = "scope";

    /// <summary>The subject of a token a service mints for its own calls: <c>service:NAME</c>.</summary>
    public const string ServiceSubjectPrefix = "service:";
    private const string Issuer = "sutazai-internal";
    private const string Audience = "sutazai-services";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>A cached token is reused until this much of its life is left.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(4);

    private const int MaxCachedTokens = 10_000;

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials;
    private readonly TokenValidationParameters _validation;
    private readonly ConcurrentDictionary<string, (string Token, DateTime RenewAt)> _issued = new(StringComparer.Ordinal);

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
        _validation = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = signingKey,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = JwtRegisteredClaimNames.Sub,
        };
    }

    /// <summary>A token for <paramref name="subject"/>; the same one is handed out for a minute.</summary>
    public string Issue(string subject, string? scopes = null)
    {
        var cacheKey = scopes is null ? subject : $"{subject}\n{scopes}";
        var now = DateTime.UtcNow;
        if (_issued.TryGetValue(cacheKey, out var cached) && cached.RenewAt > now)
        {
            return cached.Token;
        }

        var claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = subject };
        if (scopes is not null)
        {
            claims[ScopeClaim] = scopes;
        }

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
        if (_issued.Count >= MaxCachedTokens)
        {
            _issued.Clear();
        }

        _issued[cacheKey] = (token, now + Lifetime - RenewBefore);
        return token;
    }

    /// <summary>The caller a valid token names, or null for a missing, forged or expired one.</summary>
    public async Task<ClaimsIdentity?> ValidateAsync(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, _validation);
        return result.IsValid ? result.ClaimsIdentity : null;
    }
}

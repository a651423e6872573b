using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Tokens that say "the gateway vouches for this caller": the person a request acts for and its scopes, for one
/// service (audience), with a <c>jti</c> and two minutes of life. Only the gateway can sign them (ES256 with the
/// private key <c>Internal:CallerSigningKey</c>); every service verifies them with the public key
/// <c>Internal:CallerVerifyKey</c> and its own name <c>Internal:Audience</c>, so an agent that holds the services'
/// shared key (<see cref="InternalTokens"/>) still cannot speak for a person, and a token for one service is
/// refused by another.
/// </summary>
public sealed class CallerTokens
{
    public const string SigningKeySetting = "Internal:CallerSigningKey";
    public const string VerifyKeySetting = "Internal:CallerVerifyKey";
    public const string AudienceSetting = "Internal:Audience";
    public const string ScopeClaim = "scope";
    public const string Issuer = "sutazai-gateway";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    /// <summary>A cached token is handed out for its first minute only, so every one used has a minute left.</summary>
    private static readonly TimeSpan ReuseFor = TimeSpan.FromMinutes(1);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials? _signing;
    private readonly CheckedTokens? _checked;
    private readonly TokenCache<string> _issued = new(10_000);

    public CallerTokens(IConfiguration configuration)
    {
        if (configuration[SigningKeySetting] is { Length: > 0 } privateKey)
        {
            _signing = new SigningCredentials(new ECDsaSecurityKey(ImportPrivate(privateKey)), SecurityAlgorithms.EcdsaSha256);
        }

        if (configuration[VerifyKeySetting] is { Length: > 0 } publicKey && configuration[AudienceSetting] is { Length: > 0 } audience)
        {
            var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey), out _);
            _checked = new CheckedTokens(new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudience = audience,
                IssuerSigningKey = new ECDsaSecurityKey(key),
                ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = JwtRegisteredClaimNames.Sub,
            }, _ => true);
        }
    }

    /// <summary>Whether this service can check caller tokens (it was given the gateway's public key and its own name).</summary>
    public bool CanValidate => _checked is not null;

    /// <summary>A new P-256 key pair as (private PKCS#8, public SubjectPublicKeyInfo), both base64.</summary>
    public static (string PrivateKey, string PublicKey) CreateKeyPair()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (Convert.ToBase64String(key.ExportPkcs8PrivateKey()), Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>A token for <paramref name="owner"/> with <paramref name="scopes"/>, valid at <paramref name="audience"/> only.</summary>
    public string Issue(string owner, string scopes, string audience)
    {
        var signing = _signing ?? throw new InvalidOperationException($"Only the gateway signs caller tokens; {SigningKeySetting} is not set here.");
        var cacheKey = $"{audience}\n{owner}\n{scopes}";
        var now = DateTime.UtcNow;
        if (_issued.TryGet(cacheKey, now, out var cached))
        {
            return cached;
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = owner,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                [ScopeClaim] = scopes,
            },
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = signing,
        });
        _issued.Set(cacheKey, token, now + ReuseFor, now);
        return token;
    }

    /// <summary>The caller a valid token for this service names, or null (missing, forged, expired, another audience).</summary>
    public Task<ClaimsIdentity?> ValidateAsync(string? token) => _checked?.ValidateAsync(token) ?? Task.FromResult<ClaimsIdentity?>(null);

    private static ECDsa ImportPrivate(string privateKey)
    {
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(privateKey), out _);
        return key;
    }
}

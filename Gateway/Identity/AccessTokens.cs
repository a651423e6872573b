using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SutazAI.Gateway.Data;

namespace SutazAI.Gateway.Identity;

/// <summary>Short-lived JWT access tokens for signed-in users (HS256 with the <c>jwt-signing-key</c> secret).</summary>
public sealed class AccessTokens(IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string Issuer = "sutazai-gateway";
    public const string Audience = "sutazai-api";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials = new(SigningKey(options.Value), SecurityAlgorithms.HmacSha256);

    /// <summary>Hashing gives a 256-bit key whatever the configured secret looks like.</summary>
    public static SymmetricSecurityKey SigningKey(AuthOptions options) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(options.SigningKey)));

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = _credentials.Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Name,
    };

    public (string Token, TimeSpan Lifetime) Issue(UserRecord user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lifetime = options.Value.AccessTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = CallerIdentity.UserSubject(user.Id),
                [JwtRegisteredClaimNames.Name] = user.Username,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                [CallerIdentity.KindClaim] = CallerIdentity.UserKind,
                [CallerIdentity.ScopeClaim] = string.Join(' ', user.Scopes),
            },
        });
        return (token, lifetime);
    }
}

using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SutazAI.Contracts.Auth;
using SutazAI.Gateway.Identity;

namespace SutazAI.Gateway.Security;

/// <summary>
/// <c>X-Api-Key</c>, or <c>Authorization: Bearer</c> with a key rather than an access token (as OpenAI's SDKs and MCP
/// clients send it): the bootstrap key (an admin, compared in constant time) or a key from <see cref="ApiKeys"/>.
/// No key means "not this scheme"; a wrong, revoked or expired key fails authentication.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ApiKeyOptions> keyOptions,
    ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const int MaxKeyLength = 512;

    private readonly byte[] _bootstrapHash = SHA256.HashData(Encoding.UTF8.GetBytes(keyOptions.Value.BootstrapKey));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[ApiKeyOptions.HeaderName];
        if (presented.Count == 0 && BearerKey(Request) is { } bearer)
        {
            presented = bearer;
        }

        if (presented.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var key = presented.Count == 1 ? presented[0] : null;
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), _bootstrapHash))
        {
            return Success(CallerIdentity.Create(CallerIdentity.BootstrapKind, CallerIdentity.BootstrapKind, "bootstrap", CallerIdentity.BootstrapKind, ApiScopes.All, SchemeName));
        }

        var record = await keys.FindValidAsync(key, Context.RequestAborted);
        return record is null
            ? AuthenticateResult.Fail("The API key is not valid, revoked or expired.")
            : Success(CallerIdentity.Create(CallerIdentity.KeySubject(record.Id), record.User, record.Name, CallerIdentity.KeyKind, record.Scopes, SchemeName, record.Priority));
    }

    /// <summary>The bearer credential when it has an access token's shape (a JWT: three dot-separated parts).</summary>
    public static string? BearerAccessToken(HttpRequest request) =>
        InternalAuthentication.BearerToken(request) is { } value && IsAccessToken(value) ? value : null;

    /// <summary>The bearer credential when it is not an access token: an API key.</summary>
    private static string? BearerKey(HttpRequest request) =>
        InternalAuthentication.BearerToken(request) is { } value && !IsAccessToken(value) ? value : null;

    private static bool IsAccessToken(string credential) => credential.Count(c => c == '.') == 2;

    private static AuthenticateResult Success(ClaimsIdentity identity) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
}

using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Checks signed tokens and remembers the good ones until they expire: the gateway hands out the same caller token
/// for a minute, so a service would otherwise verify the same signature on every request (an ECDSA verification was
/// about 5% of the orchestrator's CPU per task). Only tokens that passed every check are kept, keyed by the whole
/// token, so a changed byte is checked afresh; each caller gets its own copy of the identity.
/// </summary>
internal sealed class CheckedTokens(TokenValidationParameters validation, Func<ClaimsIdentity, bool> accepts)
{
    public const int MaxTokenLength = 4096;
    private const int Capacity = 10_000;

    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenCache<ClaimsIdentity> _good = new(Capacity);

    public async Task<ClaimsIdentity?> ValidateAsync(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        var now = DateTime.UtcNow;
        if (_good.TryGet(token, now, out var known))
        {
            return known.Clone();
        }

        var result = await _handler.ValidateTokenAsync(token, validation);
        if (!result.IsValid || !accepts(result.ClaimsIdentity))
        {
            return null;
        }

        _good.Set(token, result.ClaimsIdentity, result.SecurityToken.ValidTo, now);
        return result.ClaimsIdentity.Clone();
    }
}

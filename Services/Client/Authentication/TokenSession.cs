using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SutazAI.Client.Problems;

namespace SutazAI.Client.Authentication;

/// <summary>
/// A user's access token for one client: signed in on first use (refresh token first, then password), replaced before
/// it expires or when the gateway refuses it. One per client, shared by every request and every handler instance.
/// </summary>
public sealed class TokenSession(SutazAIClientOptions options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SignedInTokens? _tokens;

    /// <summary>Whether these options sign in with tokens at all (not an API key).</summary>
    public bool SignsIn => options.ApiKey is null && (options.RefreshToken is not null || (options.UserName is not null && options.Password is not null));

    /// <summary>The current tokens, if signed in.</summary>
    public SignedInTokens? Tokens => _tokens;

    /// <summary>A valid access token, signing in or refreshing through <paramref name="send"/> (the handler's inner pipeline) when needed.</summary>
    public async Task<string> AccessTokenAsync(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, string? refused, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = options.TimeProvider.GetUtcNow();
            if (_tokens is { } current && current.AccessToken != refused && current.ExpiresAt - options.RefreshBefore > now)
            {
                return current.AccessToken;
            }

            var refreshToken = _tokens?.RefreshToken ?? options.RefreshToken;
            SignedInTokens? renewed = null;
            if (refreshToken is not null)
            {
                renewed = await RequestAsync(send, "api/v1/auth/refresh", new { refreshToken }, allowRefusal: options.Password is not null, cancellationToken).ConfigureAwait(false);
            }

            if (renewed is null)
            {
                renewed = await RequestAsync(send, "api/v1/auth/token", new { username = options.UserName, password = options.Password }, allowRefusal: false, cancellationToken).ConfigureAwait(false);
            }

            _tokens = renewed;
            options.TokensIssued?.Invoke(renewed!);
            return renewed!.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SignedInTokens?> RequestAsync(
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, string path, object body, bool allowRefusal, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.RequireBaseAddress(), path)) { Content = JsonContent.Create(body) };
        var requestedAt = options.TimeProvider.GetUtcNow();
        using var response = await send(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && allowRefusal)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemResponses.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var answer = await response.Content.ReadFromJsonAsync<TokenAnswer>(JsonSerializerOptions.Web, cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException("The gateway answered the sign-in with no tokens.");
        return new SignedInTokens(answer.AccessToken, requestedAt.AddSeconds(answer.ExpiresIn), answer.RefreshToken, answer.Scopes ?? []);
    }

    public void Dispose() => _gate.Dispose();

    private sealed record TokenAnswer(string AccessToken, int ExpiresIn, string RefreshToken, IReadOnlyList<string>? Scopes);
}

using System.Net;
using System.Net.Http.Headers;

namespace SutazAI.Client.Authentication;

/// <summary>
/// Puts the client's credential on every request: the API key, or a bearer token from the <see cref="TokenSession"/>;
/// a request refused with 401 after its token was replaced since is sent once more with the new one.
/// </summary>
public sealed class CredentialsHandler(SutazAIClientOptions options, TokenSession session) : DelegatingHandler
{
    private const string ApiKeyHeader = "X-Api-Key";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.ApiKey is { } key)
        {
            request.Headers.Remove(ApiKeyHeader);
            request.Headers.Add(ApiKeyHeader, key);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (!session.SignsIn || request.Headers.Authorization is not null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var token = await session.AccessTokenAsync(base.SendAsync, refused: null, cancellationToken).ConfigureAwait(false);
        var resend = await RepeatableRequest.CaptureAsync(request, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        // The token was revoked or expired early (a clock apart, a restart with new keys): one new token, one more try.
        response.Dispose();
        token = await session.AccessTokenAsync(base.SendAsync, refused: token, cancellationToken).ConfigureAwait(false);
        using var again = resend.Create();
        again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(again, cancellationToken).ConfigureAwait(false);
    }
}

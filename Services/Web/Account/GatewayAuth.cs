using SutazAI.Contracts.Auth;
using SutazAI.Web.Platform;

namespace SutazAI.Web.Account;

/// <summary>
/// The gateway's sign-in endpoints, called for the person. The sign-in passes on the browser's address (as the gateway
/// saw it) with the console's service token, so that failed logins lock out that address, not the console's.
/// </summary>
public sealed class GatewayAuth(HttpClient http, InternalTokens serviceTokens)
{
    public async Task<ApiResult<TokenResponse>> SignInAsync(string username, string password, string? clientAddress, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(new TokenRequest(username, password)) };
        if (clientAddress is not null)
        {
            request.Headers.Add(ForwardedClient.AddressHeader, clientAddress);
            request.Headers.Add(ForwardedClient.ServiceTokenHeader, serviceTokens.Issue(ForwardedClient.ConsoleService));
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return await ApiResult.ReadAsync<TokenResponse>(response, cancellationToken);
    }

    public async Task<ApiResult<TokenResponse>> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/refresh", new RefreshRequest(refreshToken), cancellationToken);
        return await ApiResult.ReadAsync<TokenResponse>(response, cancellationToken);
    }

    public async Task SignOutAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/logout", new RefreshRequest(refreshToken), cancellationToken);
    }
}

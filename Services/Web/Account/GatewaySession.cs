using Microsoft.AspNetCore.Components.Authorization;
using SutazAI.Contracts.Auth;

namespace SutazAI.Web.Account;

/// <summary>The signed-in person's access token for one circuit or request, refreshed a minute before it expires.</summary>
public sealed class GatewaySession(AuthenticationStateProvider authentication, SignInStore store, GatewayAuth auth, TimeProvider clock)
{
    private static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(1);

    /// <summary>The token to call the gateway with; <see cref="SignedOutException"/> when the sign-in has ended.</summary>
    public async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var id = state.User.SignInIdOf() ?? throw new SignedOutException();
        var signIn = await store.FindAsync(id) ?? throw new SignedOutException();
        if (signIn.AccessExpiresAt - clock.GetUtcNow() > RefreshAhead)
        {
            return signIn.AccessToken;
        }

        await using var held = await store.LockAsync(id, cancellationToken) ?? throw new SignedOutException();
        // Another tab may have refreshed while this one waited.
        signIn = await store.FindAsync(id) ?? throw new SignedOutException();
        if (signIn.AccessExpiresAt - clock.GetUtcNow() > RefreshAhead)
        {
            return signIn.AccessToken;
        }

        var refreshed = await auth.RefreshAsync(signIn.RefreshToken, cancellationToken);
        if (refreshed.Value is not { } tokens)
        {
            await store.RemoveAsync(id);
            throw new SignedOutException();
        }

        var renewed = From(tokens, signIn.Username, clock.GetUtcNow());
        await store.SaveAsync(id, renewed);
        return renewed.AccessToken;
    }

    public static SignIn From(TokenResponse tokens, string username, DateTimeOffset now) => new(
        tokens.AccessToken, now.AddSeconds(tokens.ExpiresIn), tokens.RefreshToken, now.AddSeconds(tokens.RefreshExpiresIn), username, tokens.Scopes);
}

/// <summary>The sign-in behind a request has ended (signed out elsewhere, expired or revoked).</summary>
public sealed class SignedOutException() : Exception("The sign-in has ended; sign in again.");

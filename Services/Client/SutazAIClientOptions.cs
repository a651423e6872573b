namespace SutazAI.Client;

/// <summary>Where the gateway is and how to authenticate to it: an API key, or a user's name and password (or a refresh token kept from an earlier sign-in).</summary>
public sealed class SutazAIClientOptions
{
    /// <summary>The gateway's address, e.g. <c>http://localhost:8080</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>An API key, sent as <c>X-Api-Key</c>; when set, no sign-in happens.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A user's name, with <see cref="Password"/>: the client signs in and refreshes its access token itself.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>A refresh token from an earlier sign-in (e.g. a CLI's stored login); used before the password.</summary>
    public string? RefreshToken { get; set; }

    /// <summary>How long before its expiry an access token is replaced.</summary>
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Called with every new token pair, so that a program can keep the refresh token (it changes on every refresh).</summary>
    public Action<SignedInTokens>? TokensIssued { get; set; }

    /// <summary>The clock the access token's expiry is measured with.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal Uri RequireBaseAddress() =>
        BaseAddress ?? throw new InvalidOperationException("SutazAIClientOptions.BaseAddress is not set: give the gateway's address.");
}

/// <summary>A signed-in user's tokens: the access token, when it expires, and the refresh token that replaces it.</summary>
public sealed record SignedInTokens(string AccessToken, DateTimeOffset ExpiresAt, string RefreshToken, IReadOnlyList<string> Scopes);

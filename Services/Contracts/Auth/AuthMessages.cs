namespace SutazAI.Contracts.Auth;

/// <summary>A new user. <paramref name="Scopes"/> may be set by admins only; others get the default user scopes.</summary>
public sealed record RegisterRequest(string? Username, string? Password, IReadOnlyList<string>? Scopes = null);

/// <summary>A registered user.</summary>
public sealed record UserView(Guid Id, string Username, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt);

/// <summary>Sign in with a password.</summary>
public sealed record TokenRequest(string? Username, string? Password);

/// <summary>Spend a refresh token for a new pair (refresh), or end its sign-in (logout).</summary>
public sealed record RefreshRequest(string? RefreshToken);

/// <summary>
/// A short-lived access token (send as <c>Authorization: Bearer ...</c>) and a refresh token that can be used once.
/// </summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, int RefreshExpiresIn, IReadOnlyList<string> Scopes);

/// <summary>Who the gateway thinks the caller is. <paramref name="Kind"/>: user, key or bootstrap.</summary>
public sealed record IdentityView(string Subject, string Name, string Kind, IReadOnlyList<string> Scopes);

/// <summary>A user as admins manage them (<c>GET /api/v1/auth/users</c>): with how many addresses are locked out of it now.</summary>
public sealed record UserAdminView(Guid Id, string Username, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, int LockedAddresses, DateTimeOffset? LockedUntil);

/// <summary>Body of <c>PATCH /api/v1/auth/users/{id}</c>: the user's scopes from now on (their next token carries them).</summary>
public sealed record UpdateUserRequest(IReadOnlyList<string>? Scopes);

namespace SutazAI.Contracts.Auth;

/// <summary>A new API key: a name, the scopes it carries (a subset of the creator's) and an optional expiry.</summary>
public sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Scopes, DateTimeOffset? ExpiresAt = null);

/// <summary>The created key. <paramref name="Key"/> is shown this once; only its prefix is listed afterwards.</summary>
public sealed record CreatedApiKey(Guid Id, string Name, string Prefix, string Key, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>A key as listings show it: never the secret.</summary>
public sealed record ApiKeyView(Guid Id, string Name, string Prefix, string Owner, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

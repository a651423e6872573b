namespace SutazAI.Contracts.Auth;

/// <summary>
/// A new API key: a name, the scopes it carries (a subset of the creator's), an optional expiry, and an optional
/// priority (0-9) its LLM calls wait with (the OpenAI-compatible API's priority comes from the key); above 5 the key
/// needs <c>tasks:priority</c> or <c>admin</c>.
/// </summary>
public sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Scopes, DateTimeOffset? ExpiresAt = null, int? Priority = null);

/// <summary>The created key. <paramref name="Key"/> is shown this once; only its prefix is listed afterwards.</summary>
public sealed record CreatedApiKey(Guid Id, string Name, string Prefix, string Key, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, int? Priority = null);

/// <summary>A key as listings show it: never the secret.</summary>
public sealed record ApiKeyView(Guid Id, string Name, string Prefix, string Owner, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, int? Priority = null);

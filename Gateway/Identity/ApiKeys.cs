using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SutazAI.Gateway.Data;

namespace SutazAI.Gateway.Identity;

/// <summary>
/// API keys: created with a name, scopes and an optional expiry, shown once, kept as a hash. Lookups are cached
/// for <see cref="AuthOptions.KeyCacheDuration"/> (2 s), which bounds how long a revoked key keeps working on any
/// gateway replica, since every replica reads the same table.
/// </summary>
public sealed partial class ApiKeys(GatewayDbContext db, IMemoryCache cache, IOptions<AuthOptions> options, TimeProvider clock, ILogger<ApiKeys> logger)
{
    private const string KeyMarker = "sk_";

    /// <summary><c>sk_</c> + 12 hex characters: unique, listed, and not enough to call with.</summary>
    private const int PrefixLength = 15;

    private const int MaxKeyLength = 128;

    public sealed record Created(ApiKeyRecord Record, string Key);

    public async Task<Created> CreateAsync(string owner, string name, string[] scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var prefix = KeyMarker + id.ToString("N")[..12];
        var key = SecretTokens.Create(prefix + "_");
        var record = new ApiKeyRecord
        {
            Id = id,
            Owner = owner,
            Name = name,
            Prefix = prefix,
            KeyHash = SecretTokens.Hash(key),
            Scopes = scopes,
            CreatedAt = clock.GetUtcNow(),
            ExpiresAt = expiresAt,
        };
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(logger, prefix, owner, scopes);
        return new Created(record, key);
    }

    /// <summary>Keys <paramref name="owner"/> created, or every key when null (admins).</summary>
    public Task<List<ApiKeyRecord>> ListAsync(string? owner, CancellationToken cancellationToken) =>
        db.ApiKeys.AsNoTracking()
            .Where(k => owner == null || k.Owner == owner)
            .OrderByDescending(k => k.CreatedAt)
            .ToListAsync(cancellationToken);

    /// <summary>False when no such key (or, for a non-admin, not theirs). Revoking twice is fine.</summary>
    public async Task<bool> RevokeAsync(Guid id, string? owner, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var found = await db.ApiKeys
            .Where(k => k.Id == id && (owner == null || k.Owner == owner))
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.RevokedAt, k => k.RevokedAt ?? now), cancellationToken);
        if (found > 0)
        {
            LogRevoked(logger, id);
        }

        return found > 0;
    }

    /// <summary>The live key <paramref name="presented"/> names, or null (unknown, wrong secret, revoked, expired).</summary>
    public async Task<ApiKeyRecord?> FindValidAsync(string presented, CancellationToken cancellationToken)
    {
        if (presented.Length > MaxKeyLength || presented.Length <= PrefixLength || !presented.StartsWith(KeyMarker, StringComparison.Ordinal))
        {
            return null;
        }

        var prefix = presented[..PrefixLength];
        var record = await cache.GetOrCreateAsync($"api-key:{prefix}", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = options.Value.KeyCacheDuration;
            return db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        });
        if (record is null || record.RevokedAt is not null || record.ExpiresAt <= clock.GetUtcNow())
        {
            return null;
        }

        return SecretTokens.HashEquals(presented, record.KeyHash) ? record : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {Prefix} created by {Owner} with scopes {Scopes}")]
    private static partial void LogCreated(ILogger logger, string prefix, string owner, string[] scopes);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {Id} revoked")]
    private static partial void LogRevoked(ILogger logger, Guid id);
}

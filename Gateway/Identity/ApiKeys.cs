using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SutazAI.Gateway.Data;

namespace SutazAI.Gateway.Identity;

/// <summary>
/// API keys: created with a name, scopes and an optional expiry, shown once, kept as a hash. A key acts for the
/// person who made it (a key made by a key acts for that key's person, lives no longer than it and is revoked with
/// it); one person holds at most <see cref="AuthOptions.MaxKeysPerUser"/> live keys. Lookups are cached for
/// <see cref="AuthOptions.KeyCacheDuration"/> (2 s), which bounds how long a revoked key keeps working on any
/// gateway replica, since every replica reads the same table.
/// </summary>
public sealed partial class ApiKeys(GatewayDbContext db, IMemoryCache cache, IOptions<AuthOptions> options, TimeProvider clock, ILogger<ApiKeys> logger)
{
    private const string KeyMarker = "sk_";

    /// <summary><c>sk_</c> + 12 hex characters: unique, listed, and not enough to call with.</summary>
    private const int PrefixLength = 15;

    private const int MaxKeyLength = 128;

    public sealed record Created(ApiKeyRecord Record, string Key);

    /// <summary>Who asks for a key: the identity (a user or a key), the person it acts for, and the key it is, if one.</summary>
    public sealed record Creator(string Subject, string User, Guid? KeyId);

    /// <summary>
    /// The new key, or null when <paramref name="creator"/>'s person already holds the most live keys allowed. The
    /// bootstrap key is the operator's root credential, not a person, and is not counted.
    /// </summary>
    public async Task<Created?> CreateAsync(Creator creator, string name, string[] scopes, DateTimeOffset? expiresAt, int? priority, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (creator.User != CallerIdentity.BootstrapKind)
        {
            // One person's creations queue here, so two at once cannot both take the last allowed key.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({creator.User}, 0))", cancellationToken);
            var live = await db.ApiKeys.CountAsync(k => k.User == creator.User && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now), cancellationToken);
            if (live >= options.Value.MaxKeysPerUser)
            {
                return null;
            }
        }

        if (creator.KeyId is { } parentId
            && await db.ApiKeys.Where(k => k.Id == parentId).Select(k => k.ExpiresAt).SingleOrDefaultAsync(cancellationToken) is { } parentExpiry
            && (expiresAt is null || expiresAt > parentExpiry))
        {
            expiresAt = parentExpiry;
        }

        var id = Guid.NewGuid();
        var prefix = KeyMarker + id.ToString("N")[..12];
        var key = SecretTokens.Create(prefix + "_");
        var record = new ApiKeyRecord
        {
            Id = id,
            Owner = creator.Subject,
            User = creator.User,
            ParentId = creator.KeyId,
            Name = name,
            Prefix = prefix,
            KeyHash = SecretTokens.Hash(key),
            Scopes = scopes,
            CreatedAt = now,
            ExpiresAt = expiresAt,
            Priority = priority,
        };
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogCreated(logger, prefix, creator.Subject, creator.User, scopes);
        return new Created(record, key);
    }

    /// <summary>
    /// Which keys a caller manages: an admin every key (both null); a person signed in with a password or token all
    /// keys acting for them (<see cref="User"/>); a key only the keys made from it, at any depth (<see cref="Key"/>).
    /// </summary>
    public sealed record Manager(string? User, Guid? Key);

    /// <summary>The keys <paramref name="manager"/> manages, newest first.</summary>
    public async Task<List<ApiKeyRecord>> ListAsync(Manager manager, CancellationToken cancellationToken)
    {
        var keys = await db.ApiKeys.AsNoTracking()
            .Where(k => manager.User == null || k.User == manager.User)
            .OrderByDescending(k => k.CreatedAt)
            .ToListAsync(cancellationToken);
        return manager.Key is { } ancestor ? MadeFrom(ancestor, keys) : keys;
    }

    /// <summary>
    /// Revokes the key and every key made from it, at any depth. False when no such key among those
    /// <paramref name="manager"/> manages. Revoking twice is fine.
    /// </summary>
    public async Task<bool> RevokeAsync(Guid id, Manager manager, CancellationToken cancellationToken)
    {
        if (manager.Key is not null && !(await ListAsync(manager, cancellationToken)).Any(k => k.Id == id))
        {
            return false;
        }

        var user = manager.User;
        var now = clock.GetUtcNow();
        var found = await db.Database.ExecuteSqlAsync($"""
            WITH RECURSIVE revoked AS (
                SELECT "Id" FROM api_keys WHERE "Id" = {id} AND ({user}::text IS NULL OR "User" = {user})
                UNION
                SELECT child."Id" FROM api_keys child JOIN revoked parent ON child."ParentId" = parent."Id")
            UPDATE api_keys SET "RevokedAt" = COALESCE("RevokedAt", {now}) WHERE "Id" IN (SELECT "Id" FROM revoked)
            """, cancellationToken);
        if (found > 0)
        {
            LogRevoked(logger, id, found - 1);
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

    /// <summary>The keys descended from <paramref name="ancestor"/> among one person's <paramref name="keys"/>.</summary>
    private static List<ApiKeyRecord> MadeFrom(Guid ancestor, List<ApiKeyRecord> keys)
    {
        var family = new HashSet<Guid> { ancestor };
        var grown = true;
        while (grown)
        {
            grown = false;
            foreach (var key in keys.Where(k => k.ParentId is { } parent && family.Contains(parent)))
            {
                grown |= family.Add(key.Id);
            }
        }

        return keys.Where(k => k.Id != ancestor && family.Contains(k.Id)).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {Prefix} created by {Creator} for {User} with scopes {Scopes}")]
    private static partial void LogCreated(ILogger logger, string prefix, string creator, string user, string[] scopes);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {Id} revoked, with {Descendants} key(s) made from it")]
    private static partial void LogRevoked(ILogger logger, Guid id, int descendants);
}

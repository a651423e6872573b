using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SutazAI.Gateway.Data;

namespace SutazAI.Gateway.Identity;

/// <summary>Rotating refresh tokens: one use each; a second use of the same token revokes its whole family.</summary>
public sealed partial class RefreshTokens(GatewayDbContext db, IOptions<AuthOptions> options, TimeProvider clock, ILogger<RefreshTokens> logger)
{
    private const string Prefix = "rt_";
    private const int MaxLength = 200;

    public enum Outcome { Rotated, Invalid, Reused }

    public sealed record Rotation(Outcome Outcome, UserRecord? User = null, string? Token = null);

    /// <summary>A new token; <paramref name="familyId"/> null starts a new sign-in.</summary>
    public async Task<string> IssueAsync(Guid userId, Guid? familyId, CancellationToken cancellationToken)
    {
        var token = SecretTokens.Create(Prefix);
        var now = clock.GetUtcNow();
        db.RefreshTokens.Add(new RefreshTokenRecord
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            FamilyId = familyId ?? Guid.NewGuid(),
            TokenHash = SecretTokens.Hash(token),
            CreatedAt = now,
            ExpiresAt = now + options.Value.RefreshTokenLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>
    /// Spends <paramref name="token"/> and hands out its successor. The conditional UPDATE is the lock: of two
    /// concurrent uses only one rotates, the other counts as reuse.
    /// </summary>
    public async Task<Rotation> RotateAsync(string token, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(token))
        {
            return new Rotation(Outcome.Invalid);
        }

        var hash = SecretTokens.Hash(token);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var spent = await db.RefreshTokens
            .Where(t => t.TokenHash == hash && t.RevokedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);
        var record = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (record is null)
        {
            return new Rotation(Outcome.Invalid);
        }

        if (spent == 0)
        {
            if (record.ExpiresAt <= now && record.RevokedAt is null)
            {
                return new Rotation(Outcome.Invalid);
            }

            var revoked = await RevokeFamilyAsync(record.FamilyId, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogReuse(logger, record.UserId, record.FamilyId, revoked);
            return new Rotation(Outcome.Reused);
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == record.UserId, cancellationToken);
        if (user is null)
        {
            return new Rotation(Outcome.Invalid);
        }

        var next = await IssueAsync(user.Id, record.FamilyId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Rotation(Outcome.Rotated, user, next);
    }

    /// <summary>Logout: the token's family (its sign-in) ends. Unknown tokens change nothing.</summary>
    public async Task RevokeAsync(string token, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(token))
        {
            return;
        }

        var hash = SecretTokens.Hash(token);
        var family = await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.FamilyId).SingleOrDefaultAsync(cancellationToken);
        if (family is { } familyId)
        {
            await RevokeFamilyAsync(familyId, clock.GetUtcNow(), cancellationToken);
        }
    }

    public static bool IsWellFormed(string token) => token.StartsWith(Prefix, StringComparison.Ordinal) && token.Length <= MaxLength;

    private Task<int> RevokeFamilyAsync(Guid familyId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.RefreshTokens
            .Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A spent refresh token of user {UserId} was presented again; family {FamilyId} revoked ({Count} live token(s))")]
    private static partial void LogReuse(ILogger logger, Guid userId, Guid familyId, int count);
}

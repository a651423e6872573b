using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using SutazAI.Contracts.Auth;
using SutazAI.Gateway.Data;

namespace SutazAI.Gateway.Identity;

/// <summary>
/// Registration and password sign-in. After <see cref="AuthOptions.MaxFailedLogins"/> wrong passwords for an account
/// from one client address, that address is locked out of that account, for <see cref="AuthOptions.LockoutDuration"/>
/// and twice as long each time again (at most a day). A locked attempt answers exactly like a wrong password, and an
/// unknown name costs the same time, so answers tell nobody which names exist or are locked.
/// </summary>
public sealed partial class UserAccounts(GatewayDbContext db, IPasswordHasher<UserRecord> hasher, IOptions<AuthOptions> options, TimeProvider clock, ILogger<UserAccounts> logger)
{
    private static readonly TimeSpan MaxLockout = TimeSpan.FromDays(1);

    /// <summary>The signed-in user, or null: unknown name, wrong password or a locked-out address alike.</summary>
    public sealed record SignInResult(UserRecord? User);

    /// <summary>Compared against when the user does not exist, so an unknown name costs the same time as a wrong password.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<UserRecord>().HashPassword(null!, Guid.NewGuid().ToString()));

    /// <summary>The new user, or null when the name is taken.</summary>
    public async Task<UserRecord?> RegisterAsync(string username, string password, string[] scopes, CancellationToken cancellationToken)
    {
        var user = new UserRecord
        {
            Id = Guid.NewGuid(),
            Username = Normalize(username),
            PasswordHash = "",
            Scopes = scopes,
            CreatedAt = clock.GetUtcNow(),
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return null;
        }

        LogRegistered(logger, user.Username, scopes);
        return user;
    }

    public async Task<SignInResult> SignInAsync(string username, string password, string address, CancellationToken cancellationToken)
    {
        var name = Normalize(username);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Username == name, cancellationToken);
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, DecoyHash.Value, password);
            return new SignInResult(null);
        }

        var now = clock.GetUtcNow();
        var locked = await db.LoginLockouts.AnyAsync(l => l.UserId == user.Id && l.Address == address && l.LockedUntil > now, cancellationToken);
        // The password is checked even when locked out, so a locked attempt takes as long as any other.
        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (locked)
        {
            return new SignInResult(null);
        }

        if (verdict == PasswordVerificationResult.Failed)
        {
            await RecordFailureAsync(user, address, now, cancellationToken);
            return new SignInResult(null);
        }

        await db.LoginLockouts.Where(l => l.UserId == user.Id && l.Address == address).ExecuteDeleteAsync(cancellationToken);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
            await db.SaveChangesAsync(cancellationToken);
        }

        return new SignInResult(user);
    }

    /// <summary>One page of users by name, each with the addresses locked out of it now.</summary>
    public async Task<(IReadOnlyList<UserAdminView> Page, long Total)> ListAsync(int skip, int take, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Username).Skip(skip).Take(take).ToListAsync(cancellationToken);
        var ids = users.Select(u => u.Id).ToList();
        var locks = await db.LoginLockouts.AsNoTracking()
            .Where(l => ids.Contains(l.UserId) && l.LockedUntil > now)
            .GroupBy(l => l.UserId)
            .Select(g => new { UserId = g.Key, Count = g.Count(), Until = g.Max(l => l.LockedUntil) })
            .ToDictionaryAsync(l => l.UserId, cancellationToken);
        var page = users.Select(u => new UserAdminView(u.Id, u.Username, u.Scopes, u.CreatedAt,
            locks.TryGetValue(u.Id, out var locked) ? locked.Count : 0, locks.TryGetValue(u.Id, out var until) ? until.Until : null)).ToList();
        return (page, await db.Users.LongCountAsync(cancellationToken));
    }

    /// <summary>The user's scopes from now on; their tokens issued before keep theirs until they expire (minutes).</summary>
    public async Task<UserRecord?> SetScopesAsync(Guid id, string[] scopes, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return null;
        }

        user.Scopes = scopes;
        await db.SaveChangesAsync(cancellationToken);
        LogScopesChanged(logger, user.Username, scopes);
        return user;
    }

    /// <summary>Lifts every lock-out of the user and forgets the failures counted; false when there is no such user.</summary>
    public async Task<bool> UnlockAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == id, cancellationToken))
        {
            return false;
        }

        await db.LoginLockouts.Where(l => l.UserId == id).ExecuteDeleteAsync(cancellationToken);
        return true;
    }

    public Task<UserRecord?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);

    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    /// <summary>
    /// One atomic upsert, so concurrent wrong guesses are all counted: the last allowed one locks this address out,
    /// for the base duration doubled per earlier lock-out, at most a day.
    /// </summary>
    private async Task RecordFailureAsync(UserRecord user, string address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxFailedLogins;
        var baseSeconds = options.Value.LockoutDuration.TotalSeconds;
        var maxSeconds = MaxLockout.TotalSeconds;
        var lockedUntil = await db.Database.SqlQuery<DateTimeOffset?>($"""
            INSERT INTO login_lockouts ("UserId", "Address", "Failures", "Lockouts", "LockedUntil", "UpdatedAt")
            VALUES ({user.Id}, {address}, CASE WHEN 1 >= {max} THEN 0 ELSE 1 END, CASE WHEN 1 >= {max} THEN 1 ELSE 0 END,
                    CASE WHEN 1 >= {max} THEN {now} + make_interval(secs => LEAST({baseSeconds}, {maxSeconds})) END, {now})
            ON CONFLICT ("UserId", "Address") DO UPDATE SET
              "Failures" = CASE WHEN login_lockouts."Failures" + 1 >= {max} THEN 0 ELSE login_lockouts."Failures" + 1 END,
              "Lockouts" = login_lockouts."Lockouts" + CASE WHEN login_lockouts."Failures" + 1 >= {max} THEN 1 ELSE 0 END,
              "LockedUntil" = CASE WHEN login_lockouts."Failures" + 1 >= {max}
                THEN {now} + make_interval(secs => LEAST({baseSeconds} * power(2, LEAST(login_lockouts."Lockouts", 20)), {maxSeconds}))
                ELSE login_lockouts."LockedUntil" END,
              "UpdatedAt" = {now}
            RETURNING "LockedUntil" AS "Value"
            """).ToListAsync(cancellationToken) is [var single] ? single : null;
        if (lockedUntil > now)
        {
            LogLocked(logger, user.Username, address, lockedUntil.Value);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {Username} registered with scopes {Scopes}")]
    private static partial void LogRegistered(ILogger logger, string username, string[] scopes);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {Username} now has the scopes {Scopes}")]
    private static partial void LogScopesChanged(ILogger logger, string username, string[] scopes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {Username} locked out for {Address} until {LockedUntil} after repeated failed logins")]
    private static partial void LogLocked(ILogger logger, string username, string address, DateTimeOffset lockedUntil);
}

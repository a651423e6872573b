using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using SutazAI.Gateway.Data;

namespace SutazAI.Gateway.Identity;

/// <summary>Registration and password sign-in with lock-out after repeated failures.</summary>
public sealed partial class UserAccounts(GatewayDbContext db, IPasswordHasher<UserRecord> hasher, IOptions<AuthOptions> options, TimeProvider clock, ILogger<UserAccounts> logger)
{
    public enum SignInStatus { Succeeded, Invalid, Locked }

    public sealed record SignInResult(SignInStatus Status, UserRecord? User = null, DateTimeOffset? LockedUntil = null);

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

    public async Task<SignInResult> SignInAsync(string username, string password, CancellationToken cancellationToken)
    {
        var name = Normalize(username);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Username == name, cancellationToken);
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, DecoyHash.Value, password);
            return new SignInResult(SignInStatus.Invalid);
        }

        var now = clock.GetUtcNow();
        if (user.LockedUntil > now)
        {
            return new SignInResult(SignInStatus.Locked, LockedUntil: user.LockedUntil);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return await RecordFailureAsync(user, now, cancellationToken);
        }

        user.FailedLogins = 0;
        user.LockedUntil = null;
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(SignInStatus.Succeeded, user);
    }

    public Task<UserRecord?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);

    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    /// <summary>One atomic UPDATE, so concurrent wrong guesses are all counted and the fifth locks the account.</summary>
    private async Task<SignInResult> RecordFailureAsync(UserRecord user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxFailedLogins;
        var lockUntil = now + options.Value.LockoutDuration;
        await db.Users
            .Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(u => u.LockedUntil, u => u.FailedLogins + 1 >= max ? lockUntil : u.LockedUntil)
                    .SetProperty(u => u.FailedLogins, u => u.FailedLogins + 1 >= max ? 0 : u.FailedLogins + 1),
                cancellationToken);
        var lockedUntil = await db.Users.Where(u => u.Id == user.Id).Select(u => u.LockedUntil).SingleAsync(cancellationToken);
        if (lockedUntil > now)
        {
            LogLocked(logger, user.Username, lockedUntil.Value);
            return new SignInResult(SignInStatus.Locked, LockedUntil: lockedUntil);
        }

        return new SignInResult(SignInStatus.Invalid);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {Username} registered with scopes {Scopes}")]
    private static partial void LogRegistered(ILogger logger, string username, string[] scopes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {Username} locked until {LockedUntil} after repeated failed logins")]
    private static partial void LogLocked(ILogger logger, string username, DateTimeOffset lockedUntil);
}

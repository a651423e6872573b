namespace SutazAI.Gateway.Data;

/// <summary>
/// Wrong passwords for one account from one client address: a stranger elsewhere guessing locks out only their own
/// address, so nobody can keep a person (or the admin) locked out from where they sign in.
/// </summary>
public sealed class LoginLockoutRecord
{
    public Guid UserId { get; set; }

    public required string Address { get; set; }

    /// <summary>Wrong passwords since the last lock-out or success.</summary>
    public int Failures { get; set; }

    /// <summary>Lock-outs so far; each lasts twice as long as the one before.</summary>
    public int Lockouts { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

namespace SutazAI.Gateway.Identity;

/// <summary><c>Gateway:Auth</c>: token lifetimes, lock-out and who may register.</summary>
public sealed class AuthOptions
{
    public const string Section = "Gateway:Auth";
    public const int MinimumSigningKeyLength = 32;

    /// <summary>HMAC key for access tokens: the secret parameter <c>jwt-signing-key</c>.</summary>
    public string SigningKey { get; set; } = "";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Failed logins in a row that lock an account.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>When true anyone may register (with the default user scopes); otherwise only admins.</summary>
    public bool OpenRegistration { get; set; }

    /// <summary>How long a key lookup is trusted before the database is asked again: the bound on how late a revocation bites.</summary>
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Live (neither revoked nor expired) API keys one person may hold, whichever of their identities made them.</summary>
    public int MaxKeysPerUser { get; set; } = 25;
}

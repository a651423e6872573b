namespace SutazAI.Gateway.Data;

/// <summary>A person who signs in with a username and password.</summary>
public sealed class UserRecord
{
    public Guid Id { get; set; }

    /// <summary>Lower-case; unique.</summary>
    public required string Username { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 format (algorithm, iterations and salt inside).</summary>
    public required string PasswordHash { get; set; }

    public required string[] Scopes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

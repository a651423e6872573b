namespace SutazAI.Gateway.Data;

/// <summary>
/// One refresh token. Each use replaces it with a new one of the same family (one sign-in); presenting a replaced
/// token again means it was stolen or replayed, and revokes the whole family.
/// </summary>
public sealed class RefreshTokenRecord
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public Guid FamilyId { get; set; }

    /// <summary>SHA-256 of the token (hex); the token itself is never stored.</summary>
    public required string TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Set when the token is used (rotated), logged out, or its family revoked.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}

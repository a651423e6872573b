namespace SutazAI.Gateway.Data;

/// <summary>A key a program calls the API with. Only its prefix (an id to tell keys apart) and the hash of the whole key are kept.</summary>
public sealed class ApiKeyRecord
{
    public Guid Id { get; set; }

    /// <summary>The identity that created it: a user or another key.</summary>
    public required string Owner { get; set; }

    /// <summary>The person the key acts for: the user who made it, or the user whose key made it.</summary>
    public required string User { get; set; }

    /// <summary>The key that made this one, if a key did; revoking it revokes this one.</summary>
    public Guid? ParentId { get; set; }

    public required string Name { get; set; }

    /// <summary>The key's first characters, e.g. <c>sk_3f9a1c0b7d2e</c>; unique, shown in listings.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole key (hex). Keys are 256-bit random, so a fast hash is enough.</summary>
    public required string KeyHash { get; set; }

    public required string[] Scopes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The priority (0-9) the key's LLM calls wait with; null for the default.</summary>
    public int? Priority { get; set; }
}

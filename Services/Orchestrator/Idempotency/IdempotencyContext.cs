using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Idempotency;

/// <summary>
/// The current request's <c>Idempotency-Key</c> claim, set by <see cref="IdempotencyFilter"/>. A service that creates
/// something writes its answer here before <c>SaveChanges</c>, so the answer commits with what it created or not at
/// all; without a key (or outside a request) remembering does nothing.
/// </summary>
public sealed class IdempotencyContext(OrchestratorDbContext db, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Who sent which key for which endpoint, and the hash of the body it came with.</summary>
    public sealed record Claim(string Scope, string Key, string RequestHash);

    public Claim? Current { get; set; }

    /// <summary>The first answer stored for the claim's scope and key within <see cref="IdempotencyFilter.Retention"/>, or null.</summary>
    public async Task<IdempotencyRecord?> FindAsync(Claim claim, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - IdempotencyFilter.Retention;
        await db.IdempotencyKeys.Where(r => r.Scope == claim.Scope && r.Key == claim.Key && r.CreatedAt <= cutoff).ExecuteDeleteAsync(cancellationToken);
        return await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(r => r.Scope == claim.Scope && r.Key == claim.Key, cancellationToken);
    }

    /// <summary>Adds the answer to the unit of work that creates the resource.</summary>
    public void Remember(int status, string? location, object body)
    {
        if (Current is not { } claim)
        {
            return;
        }

        db.IdempotencyKeys.Add(new IdempotencyRecord
        {
            Scope = claim.Scope,
            Key = claim.Key,
            RequestHash = claim.RequestHash,
            Status = status,
            Location = location,
            Body = JsonSerializer.Serialize(body, body.GetType(), Json),
            CreatedAt = clock.GetUtcNow(),
        });
    }
}

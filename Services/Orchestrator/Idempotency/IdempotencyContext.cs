using System.Text.Json;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Idempotency;

/// <summary>
/// The current request's <c>Idempotency-Key</c> claim, set by <see cref="IdempotencyFilter"/>. A service that creates
/// something writes its answer here before <c>SaveChanges</c>, so the answer commits with what it created or not at
/// all; without a key (or outside a request) remembering does nothing.
/// </summary>
public sealed class IdempotencyContext(OrchestratorDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Who sent which key for which endpoint, and the hash of the body it came with.</summary>
    public sealed record Claim(string Scope, string Key, string RequestHash);

    public Claim? Current { get; internal set; }

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

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SutazAI.Contracts;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on creating requests: the first answer is stored in the same transaction as what it
/// created, and a retry with the same key and body gets that answer back (24 hours) instead of a second task.
/// </summary>
public sealed class IdempotentRequests(OrchestratorDbContext db, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Claim(string Scope, string Key, string RequestHash);

    /// <summary>The request's key and body hash (the body is rewound), none without the header, or a problem for a bad key.</summary>
    public static async Task<(Claim? Claim, IResult? Problem)> ReadAsync(HttpRequest request, string endpoint, CancellationToken cancellationToken)
    {
        var values = request.Headers[Header];
        if (values.Count == 0)
        {
            return (null, null);
        }

        if (values.Count > 1 || values[0] is not { Length: > 0 and <= 200 } key || key.Any(char.IsControl))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid Idempotency-Key",
                detail: "Send one Idempotency-Key of 1 to 200 printable characters.", type: ProblemTypes.BadRequest));
        }

        request.EnableBuffering();
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(request.Body, cancellationToken)).ToLowerInvariant();
        request.Body.Position = 0;
        return (new Claim($"{request.HttpContext.User.Requester() ?? "anonymous"}:{endpoint}", key, hash), null);
    }

    /// <summary>The stored first answer for this key, a 422 when the key came with another body, or null.</summary>
    public async Task<IResult?> ReplayAsync(Claim claim, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - Retention;
        await db.IdempotencyKeys.Where(r => r.Scope == claim.Scope && r.Key == claim.Key && r.CreatedAt <= cutoff).ExecuteDeleteAsync(cancellationToken);
        var record = await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(r => r.Scope == claim.Scope && r.Key == claim.Key, cancellationToken);
        if (record is null)
        {
            return null;
        }

        return record.RequestHash != claim.RequestHash
            ? TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
                detail: "This Idempotency-Key was first used with a different body; use a new key for a new request.", type: ProblemTypes.Conflict)
            : new StoredAnswer(record);
    }

    /// <summary>Adds the answer to the unit of work that creates the resource, so both commit or neither.</summary>
    public void Remember(Claim claim, int status, string? location, object body) => db.IdempotencyKeys.Add(new IdempotencyRecord
    {
        Scope = claim.Scope,
        Key = claim.Key,
        RequestHash = claim.RequestHash,
        Status = status,
        Location = location,
        Body = JsonSerializer.Serialize(body, body.GetType(), Json),
        CreatedAt = clock.GetUtcNow(),
    });

    /// <summary>Two retries raced and the other stored its answer first.</summary>
    public static bool IsDuplicate(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "idempotency_keys" };

    /// <summary>Runs a creating request at most once per key: replays, or creates and remembers.</summary>
    public async Task<IResult> ExecuteAsync(Claim? claim, Func<Action<int, string?, object>?, Task<IResult>> create, CancellationToken cancellationToken)
    {
        if (claim is null)
        {
            return await create(null);
        }

        if (await ReplayAsync(claim, cancellationToken) is { } replay)
        {
            return replay;
        }

        try
        {
            return await create((status, location, body) => Remember(claim, status, location, body));
        }
        catch (DbUpdateException ex) when (IsDuplicate(ex))
        {
            db.ChangeTracker.Clear();
            return await ReplayAsync(claim, cancellationToken) ?? throw new InvalidOperationException("The concurrent answer vanished.", ex);
        }
    }

    private sealed class StoredAnswer(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = record.Status;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            httpContext.Response.Headers[ReplayedHeader] = "true";
            if (record.Location is not null)
            {
                httpContext.Response.Headers.Location = record.Location;
            }

            await httpContext.Response.WriteAsync(record.Body, httpContext.RequestAborted);
        }
    }
}

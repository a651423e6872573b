using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SutazAI.Contracts;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on a creating endpoint: a retry with the same key and body gets the first answer back
/// (for 24 hours) instead of creating twice; the same key with another body is a 422. The first answer is stored by
/// the creating service through <see cref="IdempotencyContext"/>, in the transaction that created the resource.
/// </summary>
public sealed class IdempotencyFilter(string endpoint) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var values = http.Request.Headers[Header];
        if (values.Count == 0)
        {
            return await next(context);
        }

        if (values.Count > 1 || values[0] is not { Length: > 0 and <= MaxKeyLength } key || key.Any(char.IsControl))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid Idempotency-Key",
                detail: $"Send one Idempotency-Key of 1 to {MaxKeyLength} printable characters.", type: ProblemTypes.BadRequest);
        }

        // The body was bound (and rewound) before filters run; the key stands for this exact body.
        http.Request.EnableBuffering();
        http.Request.Body.Position = 0;
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(http.Request.Body, http.RequestAborted)).ToLowerInvariant();
        var claim = new IdempotencyContext.Claim($"{http.User.Requester() ?? "anonymous"}:{endpoint}", key, hash);
        var db = http.RequestServices.GetRequiredService<OrchestratorDbContext>();
        var idempotency = http.RequestServices.GetRequiredService<IdempotencyContext>();
        if (await ReplayAsync(idempotency, claim, http.RequestAborted) is { } replay)
        {
            return replay;
        }

        idempotency.Current = claim;
        try
        {
            return await next(context);
        }
        catch (DbUpdateException ex) when (IsConcurrentClaim(ex))
        {
            // Two retries raced and the other stored its answer first.
            db.ChangeTracker.Clear();
            return await ReplayAsync(idempotency, claim, http.RequestAborted) ?? throw new InvalidOperationException("The concurrent answer vanished.", ex);
        }
    }

    /// <summary>Another request with the same key committed its answer first.</summary>
    public static bool IsConcurrentClaim(DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "idempotency_keys" };

    /// <summary>The stored first answer for this key, a 422 when the key came with another body, or null.</summary>
    private static async Task<IResult?> ReplayAsync(IdempotencyContext idempotency, IdempotencyContext.Claim claim, CancellationToken cancellationToken)
    {
        var record = await idempotency.FindAsync(claim, cancellationToken);
        if (record is null)
        {
            return null;
        }

        return record.RequestHash != claim.RequestHash
            ? TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
                detail: "This Idempotency-Key was first used with a different body; use a new key for a new request.", type: ProblemTypes.Conflict)
            : new StoredAnswer(record);
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

public static class IdempotencyEndpointExtensions
{
    /// <summary>Makes a creating endpoint honour <c>Idempotency-Key</c>; <paramref name="endpoint"/> scopes the keys.</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder, string endpoint) =>
        builder.AddEndpointFilter(new IdempotencyFilter(endpoint))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}

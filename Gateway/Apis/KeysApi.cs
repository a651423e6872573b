using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SutazAI.Contracts;
using SutazAI.Contracts.Auth;
using SutazAI.Gateway.Data;
using SutazAI.Gateway.Identity;
using SutazAI.Gateway.Security;

namespace SutazAI.Gateway.Apis;

/// <summary>
/// API keys for programs. A person signed in manages every key that acts for them; a key manages the keys made
/// from it; admins see and revoke all.
/// </summary>
public static class KeysApi
{
    private const int MaxNameLength = 100;

    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.NewVersionedApi("Keys").MapGroup("/api/v1/keys").HasApiVersion(1.0).WithTags("API keys")
            .RequireAuthorization(RoutePolicies.Authenticated);

        api.MapPost("/", Create).WithName("CreateApiKey")
            .WithSummary("Create an API key with a subset of your scopes; the secret is shown once")
            .Produces<CreatedApiKey>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/", List).WithName("ListApiKeys")
            .WithSummary("Your API keys (all keys for admins), by prefix; never the secret")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapDelete("/{id:guid}", Revoke).WithName("RevokeApiKey")
            .WithSummary("Revoke an API key; every gateway replica refuses it within seconds")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    public static async Task<IResult> Create(
        JsonBody<CreateApiKeyRequest> request, ClaimsPrincipal caller, ApiKeys keys, IOptions<AuthOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var body = request.Value;
        var errors = new Dictionary<string, string[]>();
        var name = body.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            errors["name"] = [$"1 to {MaxNameLength} characters."];
        }

        if (body.Scopes is not { Count: > 0 } requested)
        {
            errors["scopes"] = [$"At least one of: {string.Join(", ", ApiScopes.All)}."];
            requested = [];
        }
        else if (ApiScopes.Unknown(requested) is { Length: > 0 } unknown)
        {
            errors["scopes"] = [$"Unknown scope(s): {string.Join(", ", unknown)}; known: {string.Join(", ", ApiScopes.All)}."];
        }

        if (body.ExpiresAt is { } expiresAt && expiresAt <= clock.GetUtcNow())
        {
            errors["expiresAt"] = ["Must be in the future."];
        }

        if (body.Priority is < 0 or > AgentQueues.MaxPriority)
        {
            errors["priority"] = [$"0 to {AgentQueues.MaxPriority}, or leave it out for the default."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.ValidationFailed);
        }

        var held = caller.Scopes();
        if (requested.Except(held).ToArray() is { Length: > 0 } missing)
        {
            return Problems.Forbidden($"A key cannot carry scopes its creator lacks: {string.Join(", ", missing)}.");
        }

        if (body.Priority > ApiScopes.MaxOrdinaryPriority && !requested.Any(scope => scope is ApiScopes.TasksPriority or ApiScopes.Admin))
        {
            return Problems.Forbidden($"A key with a priority above {ApiScopes.MaxOrdinaryPriority} needs the '{ApiScopes.TasksPriority}' scope.");
        }

        var created = await keys.CreateAsync(Creator(caller), name, ApiScopes.Normalize(requested), body.ExpiresAt, body.Priority, cancellationToken);
        if (created is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.Conflict, title: "Too many API keys",
                detail: $"You hold {options.Value.MaxKeysPerUser} live API keys, the most one person may (Gateway:Auth:MaxKeysPerUser); revoke one first.");
        }

        var record = created.Record;
        return TypedResults.Created($"/api/v1/keys/{record.Id}",
            new CreatedApiKey(record.Id, record.Name, record.Prefix, created.Key, record.Scopes, record.CreatedAt, record.ExpiresAt, record.Priority));
    }

    public static async Task<Ok<List<ApiKeyView>>> List(ClaimsPrincipal caller, ApiKeys keys, CancellationToken cancellationToken)
    {
        var records = await keys.ListAsync(Manager(caller), cancellationToken);
        return TypedResults.Ok(records.Select(ToView).ToList());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(Guid id, ClaimsPrincipal caller, ApiKeys keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, Manager(caller), cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "Not found", detail: $"No API key {id} of yours.");

    private static ApiKeys.Manager Manager(ClaimsPrincipal caller) =>
        caller.HasScope(ApiScopes.Admin) ? new(null, null) : new(caller.Owner(), CallerIdentity.KeyId(caller.Subject()));

    private static ApiKeys.Creator Creator(ClaimsPrincipal caller) => new(caller.Subject()!, caller.Owner()!, CallerIdentity.KeyId(caller.Subject()));

    private static ApiKeyView ToView(ApiKeyRecord key) =>
        new(key.Id, key.Name, key.Prefix, key.User, key.Scopes, key.CreatedAt, key.ExpiresAt, key.RevokedAt, key.Priority);
}

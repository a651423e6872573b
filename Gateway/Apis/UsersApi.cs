using Microsoft.AspNetCore.Http.HttpResults;
using SutazAI.Contracts;
using SutazAI.Contracts.Auth;
using SutazAI.Contracts.Tasks;
using SutazAI.Gateway.Identity;
using SutazAI.Gateway.Security;

namespace SutazAI.Gateway.Apis;

/// <summary>Users as admins manage them: the list, their scopes, and lifting a lock-out. Registering is <c>AuthApi</c>'s.</summary>
public static class UsersApi
{
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.NewVersionedApi("Users").MapGroup("/api/v1/auth/users").HasApiVersion(1.0).WithTags("Auth")
            .RequireAuthorization(RoutePolicies.Admin);
        api.MapGet("/", List).WithName("ListUsers").WithSummary("Every user by name, with the addresses locked out of each (admins)")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPatch("/{id:guid}", Update).WithName("UpdateUser").WithSummary("Set a user's scopes; their next token carries them (admins)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/{id:guid}/unlock", Unlock).WithName("UnlockUser").WithSummary("Lift every lock-out of a user after failed logins (admins)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<UserAdminView>>, ValidationProblem>> List(int? page, int? pageSize, UserAccounts accounts, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, MaxPageSize, errors, defaultSize: 50);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.ValidationFailed);
        }

        var (users, total) = await accounts.ListAsync(paging.Skip, paging.Size, cancellationToken);
        return TypedResults.Ok(new PagedResult<UserAdminView>(users, paging.Page, paging.Size, total));
    }

    public static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, JsonBody<UpdateUserRequest> request, UserAccounts accounts, CancellationToken cancellationToken)
    {
        if (request.Value.Scopes is not { } scopes || ApiScopes.Unknown(scopes) is { Length: > 0 })
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["scopes"] = [$"Give the user's scopes, each one of: {string.Join(", ", ApiScopes.All)}."] },
                type: ProblemTypes.ValidationFailed);
        }

        var user = await accounts.SetScopesAsync(id, ApiScopes.Normalize(scopes), cancellationToken);
        return user is null ? NotFound(id) : TypedResults.Ok(new UserView(user.Id, user.Username, user.Scopes, user.CreatedAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Unlock(Guid id, UserAccounts accounts, CancellationToken cancellationToken) =>
        await accounts.UnlockAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "Not found", detail: $"No user has the id '{id}'.");
}

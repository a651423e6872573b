using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SutazAI.Contracts;
using SutazAI.Contracts.Auth;
using SutazAI.Gateway.Data;
using SutazAI.Gateway.Identity;
using SutazAI.Gateway.RateLimiting;
using SutazAI.Gateway.Security;

namespace SutazAI.Gateway.Apis;

/// <summary>Users: register, sign in for a JWT and a rotating refresh token, refresh, log out, and who am I.</summary>
public static partial class AuthApi
{
    private const int MinPasswordLength = 12;
    private const int MaxPasswordLength = 256;

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.NewVersionedApi("Auth").MapGroup("/api/v1/auth").HasApiVersion(1.0).WithTags("Auth");

        api.MapPost("/register", Register).AllowAnonymous().WithName("Register")
            .WithSummary("Register a user (admins; anyone when open registration is configured)")
            .Produces<UserView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/token", Token).AllowAnonymous().WithName("Token")
            .WithSummary("Sign in with username and password: a short-lived access token and a refresh token")
            .Produces<TokenResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/refresh", Refresh).AllowAnonymous().WithName("RefreshToken")
            .WithSummary("Spend a refresh token for a new access and refresh token; reusing a spent one revokes the sign-in")
            .Produces<TokenResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/logout", Logout).AllowAnonymous().WithName("Logout")
            .WithSummary("Revoke a refresh token and its sign-in")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/me", Me).RequireAuthorization(RoutePolicies.Authenticated).WithName("Me")
            .WithSummary("The caller's identity and scopes")
            .Produces<IdentityView>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    public static async Task<IResult> Register(JsonBody<RegisterRequest> request, ClaimsPrincipal caller, UserAccounts accounts, IOptions<AuthOptions> options, CancellationToken cancellationToken)
    {
        var isAdmin = caller.HasScope(ApiScopes.Admin);
        if (!isAdmin && !options.Value.OpenRegistration)
        {
            return caller.Identity?.IsAuthenticated == true
                ? Problems.Forbidden("Registering users needs the 'admin' scope.")
                : Problems.Unauthorized("Registration is open to admins only; send an admin API key or token.");
        }

        var body = request.Value;
        var errors = new Dictionary<string, string[]>();
        var username = UserAccounts.Normalize(body.Username ?? "");
        if (!UsernamePattern().IsMatch(username))
        {
            errors["username"] = ["3 to 64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit."];
        }

        if (PasswordError(body.Password) is { } passwordError)
        {
            errors["password"] = [passwordError];
        }

        var scopes = ApiScopes.DefaultUser;
        if (body.Scopes is { } requested)
        {
            if (ApiScopes.Unknown(requested) is { Length: > 0 } unknown)
            {
                errors["scopes"] = [$"Unknown scope(s): {string.Join(", ", unknown)}; known: {string.Join(", ", ApiScopes.All)}."];
            }
            else if (!isAdmin)
            {
                return Problems.Forbidden("Only admins may choose a new user's scopes.");
            }

            scopes = ApiScopes.Normalize(requested);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.ValidationFailed);
        }

        var user = await accounts.RegisterAsync(username, body.Password!, scopes, cancellationToken);
        return user is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.Conflict, title: "Username taken", detail: $"A user named '{username}' exists.")
            : TypedResults.Created($"/api/v1/auth/users/{user.Id}", new UserView(user.Id, user.Username, user.Scopes, user.CreatedAt));
    }

    public static async Task<IResult> Token(
        JsonBody<TokenRequest> request, HttpResponse response, UserAccounts accounts, RefreshTokens refreshTokens, AccessTokens accessTokens, RateLimitStore limits, IOptions<AuthOptions> options, CancellationToken cancellationToken)
    {
        var body = request.Value;
        if (string.IsNullOrWhiteSpace(body.Username) || string.IsNullOrEmpty(body.Password) || body.Username.Length > 64 || body.Password.Length > MaxPasswordLength)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["username"] = ["Send a username and a password."] }, type: ProblemTypes.ValidationFailed);
        }

        using var attempt = await limits.AcquireLoginAttemptAsync(body.Username, cancellationToken);
        if (!attempt.IsAcquired)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling((RateLimitRejection.RetryAfter(attempt) ?? TimeSpan.FromMinutes(1)).TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, type: ProblemTypes.RateLimited, title: "Too many requests",
                detail: $"Too many login attempts for this account; retry in {seconds} s.");
        }

        var address = await WebConsole.ClientAddress.OfAsync(response.HttpContext);
        var result = await accounts.SignInAsync(body.Username, body.Password, address, cancellationToken);
        return result.User is { } user
            ? TypedResults.Ok(Response(user, await refreshTokens.IssueAsync(user.Id, familyId: null, cancellationToken), accessTokens, options.Value))
            : Problems.InvalidCredentials("Wrong username or password.");
    }

    public static async Task<IResult> Refresh(JsonBody<RefreshRequest> request, RefreshTokens refreshTokens, AccessTokens accessTokens, IOptions<AuthOptions> options, CancellationToken cancellationToken)
    {
        if (MissingRefreshToken(request.Value) is { } problem)
        {
            return problem;
        }

        var rotation = await refreshTokens.RotateAsync(request.Value.RefreshToken!, cancellationToken);
        return rotation.Outcome switch
        {
            RefreshTokens.Outcome.Rotated => TypedResults.Ok(Response(rotation.User!, rotation.Token!, accessTokens, options.Value)),
            RefreshTokens.Outcome.Reused => Problems.InvalidCredentials("This refresh token was already used; its sign-in is revoked. Sign in again."),
            _ => Problems.InvalidCredentials("The refresh token is not valid or has expired."),
        };
    }

    public static async Task<IResult> Logout(JsonBody<RefreshRequest> request, RefreshTokens refreshTokens, CancellationToken cancellationToken)
    {
        if (MissingRefreshToken(request.Value) is { } problem)
        {
            return problem;
        }

        await refreshTokens.RevokeAsync(request.Value.RefreshToken!, cancellationToken);
        return TypedResults.NoContent();
    }

    public static Ok<IdentityView> Me(ClaimsPrincipal caller) =>
        TypedResults.Ok(new IdentityView(caller.Subject() ?? "", caller.Identity?.Name ?? "", caller.Kind(), caller.Scopes()));

    private static ValidationProblem? MissingRefreshToken(RefreshRequest body) =>
        string.IsNullOrEmpty(body.RefreshToken)
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refreshToken"] = ["Required."] }, type: ProblemTypes.ValidationFailed)
            : null;

    private static TokenResponse Response(UserRecord user, string refreshToken, AccessTokens accessTokens, AuthOptions options)
    {
        var (access, lifetime) = accessTokens.Issue(user);
        return new TokenResponse(access, "Bearer", (int)lifetime.TotalSeconds, refreshToken, (int)options.RefreshTokenLifetime.TotalSeconds, user.Scopes);
    }

    private static string? PasswordError(string? password) => password switch
    {
        null or "" => "Required.",
        { Length: < MinPasswordLength } => $"At least {MinPasswordLength} characters.",
        { Length: > MaxPasswordLength } => $"At most {MaxPasswordLength} characters.",
        _ => null,
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,63}$")]
    private static partial Regex UsernamePattern();
}

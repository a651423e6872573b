using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using SutazAI.Contracts;
using SutazAI.Contracts.Auth;
using SutazAI.Testing;
using static SutazAI.EndToEnd.Tests.GatewayCalls;

namespace SutazAI.EndToEnd.Tests;

/// <summary>Users at the gateway: registration, JWT sign-in, refresh rotation with reuse detection, logout, lock-out.</summary>
[Collection(PlatformCollection.Name)]
public sealed class IdentityTests(PlatformFixture platform)
{
    [Fact]
    public async Task Register_sign_in_refresh_rotation_reuse_detection_and_logout()
    {
        using var admin = platform.Host.CreateGatewayClient();
        using var anonymous = platform.Host.CreateGatewayClient(withApiKey: false);
        var username = NewUsername("alice");

        // Registration is for admins unless configured open.
        using (var refused = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new RegisterRequest(username, Password)))
        {
            await AssertProblemAsync(refused, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        }

        using (var weak = await admin.PostAsJsonAsync("/api/v1/auth/register", new RegisterRequest(username, "short")))
        {
            await AssertProblemAsync(weak, HttpStatusCode.BadRequest, ProblemTypes.ValidationFailed);
        }

        var user = await RegisterAsync(admin, username);
        Assert.Equal(["tasks:read", "tasks:write", "chat", "models"], user.Scopes);
        using (var again = await admin.PostAsJsonAsync("/api/v1/auth/register", new RegisterRequest(username.ToUpperInvariant(), Password)))
        {
            await AssertProblemAsync(again, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        }

        // Sign in: the access token works, carries the user's scopes and nothing more.
        var first = await SignInAsync(anonymous, username, Password);
        using var bearer = Bearer(first.AccessToken);
        var me = await bearer.GetFromJsonAsync<IdentityView>("/api/v1/auth/me");
        Assert.Equal(("user", username), (me!.Kind, me.Name));
        using (var tasks = await bearer.GetAsync("/api/v1/tasks"))
        {
            Assert.Equal(HttpStatusCode.OK, tasks.StatusCode);
        }

        using (var admins = await bearer.GetAsync("/api/v1/admin/dead-letters"))
        {
            await AssertProblemAsync(admins, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        }

        using (var tampered = await Bearer(first.AccessToken[..^4] + "AAAA").GetAsync("/api/v1/auth/me"))
        {
            await AssertProblemAsync(tampered, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        }

        // Refresh rotates: a new pair, and the spent token is refused.
        var second = await RefreshAsync(anonymous, first.RefreshToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        using (var meAgain = await Bearer(second.AccessToken).GetAsync("/api/v1/auth/me"))
        {
            Assert.Equal(HttpStatusCode.OK, meAgain.StatusCode);
        }

        // Reuse of the spent token revokes the whole family: the current one stops working too.
        using (var reuse = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new RefreshRequest(first.RefreshToken)))
        {
            await AssertProblemAsync(reuse, HttpStatusCode.Unauthorized, ProblemTypes.InvalidCredentials);
        }

        using (var revoked = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new RefreshRequest(second.RefreshToken)))
        {
            await AssertProblemAsync(revoked, HttpStatusCode.Unauthorized, ProblemTypes.InvalidCredentials);
        }

        // Logout ends a sign-in; another sign-in is unaffected.
        var third = await SignInAsync(anonymous, username, Password);
        var fourth = await SignInAsync(anonymous, username, Password);
        using (var logout = await anonymous.PostAsJsonAsync("/api/v1/auth/logout", new RefreshRequest(third.RefreshToken)))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        using (var afterLogout = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new RefreshRequest(third.RefreshToken)))
        {
            await AssertProblemAsync(afterLogout, HttpStatusCode.Unauthorized, ProblemTypes.InvalidCredentials);
        }

        await RefreshAsync(anonymous, fourth.RefreshToken);
    }

    [Fact]
    public async Task With_open_registration_anyone_registers_with_the_default_scopes_but_cannot_choose_them()
    {
        await using var gateway = await GatewayProcess.StartAsync(platform.Host, ["Gateway:Auth:OpenRegistration=true", "Gateway:RateLimits:Auth:PermitLimit=1000"]);
        using var anonymous = gateway.CreateClient();
        var user = await RegisterAsync(anonymous, NewUsername("erin"));
        await SignInAsync(anonymous, user.Username);
        Assert.Equal(ApiScopes.DefaultUser, user.Scopes);
        Assert.DoesNotContain(ApiScopes.Admin, user.Scopes);

        using var escalate = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new RegisterRequest(NewUsername("mallory"), Password, [ApiScopes.Admin]));
        await AssertProblemAsync(escalate, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
    }

    [Fact]
    public async Task Five_failed_logins_lock_out_that_address_only_and_a_locked_attempt_looks_like_a_wrong_password()
    {
        await using var gateway = await GatewayProcess.StartAsync(platform.Host,
            ["Gateway:Auth:LockoutDuration=00:00:02", "Gateway:RateLimits:Auth:PermitLimit=1000", "Gateway:RateLimits:Account:PermitLimit=1000"]);
        using var admin = platform.Host.CreateGatewayClient();
        var username = NewUsername("bob");
        var user = await RegisterAsync(admin, username);
        using var stranger = gateway.CreateClient(handler: From("127.0.0.2"));
        using var owner = gateway.CreateClient(handler: From("127.0.0.3"));

        var wrongAnswer = await ProblemTextAsync(stranger, username, "wrong password 1");
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            Assert.Equal(wrongAnswer, await ProblemTextAsync(stranger, username, $"wrong password {attempt}"));
        }

        // Locked out at the stranger's address: the right password gets the very answer a wrong one gets, as does an
        // unknown name; nothing says "locked", nothing says how long.
        using (var right = await stranger.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(username, Password)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
            Assert.Equal(wrongAnswer, await AnswerAsync(right));
            Assert.False(right.Headers.Contains("Retry-After"));
        }

        Assert.Equal(wrongAnswer, await ProblemTextAsync(stranger, NewUsername("nobody"), Password));

        // The owner, elsewhere, signs in as usual.
        await SignInAsync(owner, username);

        // The stranger's lock-outs grow: 2 s, then 4 s (the durations the gateway wrote, read from its database).
        var first = await LockoutAsync(user.Id, "127.0.0.2");
        Assert.Equal(1, first.Lockouts);
        Assert.InRange(first.Duration.TotalSeconds, 1.9, 2.1);
        while (DateTimeOffset.UtcNow < first.LockedUntil)
        {
            await Task.Delay(200);
        }

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            Assert.Equal(wrongAnswer, await ProblemTextAsync(stranger, username, $"again {attempt}"));
        }

        var second = await LockoutAsync(user.Id, "127.0.0.2");
        Assert.Equal(2, second.Lockouts);
        Assert.InRange(second.Duration.TotalSeconds, 3.9, 4.1);
    }

    private static async Task<string> ProblemTextAsync(HttpClient client, string username, string password)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(username, password));
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.InvalidCredentials);
        return await AnswerAsync(response);
    }

    /// <summary>The problem document without its per-request trace id: what a caller could compare.</summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response)
    {
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        problem.Remove("traceId");
        return problem.ToJsonString();
    }

    /// <summary>A handler whose connections leave from <paramref name="address"/> (any 127.x address is this machine).</summary>
    private static SocketsHttpHandler From(string address) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };

    private async Task<(int Lockouts, DateTimeOffset LockedUntil, TimeSpan Duration)> LockoutAsync(Guid userId, string address)
    {
        await using var connection = new Npgsql.NpgsqlConnection(await platform.Host.GetConnectionStringAsync("gatewaydb"));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT \"Lockouts\", \"LockedUntil\", \"UpdatedAt\" FROM login_lockouts WHERE \"UserId\" = @user AND \"Address\" = @address", connection);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("address", address);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no lock-out recorded for {address}");
        var lockedUntil = reader.GetFieldValue<DateTimeOffset>(1);
        return (reader.GetInt32(0), lockedUntil, lockedUntil - reader.GetFieldValue<DateTimeOffset>(2));
    }

    private static async Task<TokenResponse> RefreshAsync(HttpClient client, string refreshToken)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/auth/refresh", new RefreshRequest(refreshToken));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    private HttpClient Bearer(string accessToken)
    {
        var client = platform.Host.CreateGatewayClient(withApiKey: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}

/// <summary>Calls the identity tests share: users, sign-in, and problem answers.</summary>
internal static class GatewayCalls
{
    /// <summary>Made up per run: the repository holds no password, not even a test user's.</summary>
    public static readonly string Password = $"pw-{Guid.NewGuid():N}";

    public static string NewUsername(string stem) => $"{stem}-{Guid.NewGuid():N}"[..20];

    /// <summary>A new user (made by <paramref name="admin"/>) signed in, with a gateway client carrying their token.</summary>
    public static async Task<(HttpClient Client, Guid UserId)> SignedInUserAsync(PlatformHost host, HttpClient admin, string stem)
    {
        var username = NewUsername(stem);
        var user = await RegisterAsync(admin, username);
        using var anonymous = host.CreateGatewayClient(withApiKey: false);
        var tokens = await SignInAsync(anonymous, username);
        var client = host.CreateGatewayClient(withApiKey: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return (client, user.Id);
    }

    public static async Task<UserView> RegisterAsync(HttpClient admin, string username, IReadOnlyList<string>? scopes = null)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/auth/register", new RegisterRequest(username, Password, scopes));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<UserView>())!;
    }

    public static async Task<TokenResponse> SignInAsync(HttpClient client, string username, string? password = null)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(username, password ?? Password));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
        Assert.Equal(("Bearer", 900), (tokens.TokenType, tokens.ExpiresIn));
        return tokens;
    }

    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(type, problem.RootElement.GetProperty("type").GetString());
    }
}

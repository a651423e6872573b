using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SutazAI.Contracts;
using SutazAI.Contracts.Auth;
using static SutazAI.EndToEnd.Tests.GatewayCalls;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// Trust inside the platform, tried as a compromised agent and a curious user would: only the gateway can speak for a
/// person, a token is good at the one service it was made for, and services check the scopes of their own routes.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TrustTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_token_made_with_an_agents_credentials_opens_no_admin_route_and_not_the_gateway()
    {
        var agentToken = platform.Host.ServiceToken("agent-analyst");
        using var orchestrator = Direct("orchestrator", agentToken);
        using (var admin = await orchestrator.GetAsync("/api/v1/admin/dead-letters"))
        {
            await AssertProblemAsync(admin, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        }

        using var gateway = platform.Host.CreateGatewayClient(withApiKey: false);
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agentToken);
        using (var viaGateway = await gateway.GetAsync("/api/v1/tasks"))
        {
            await AssertProblemAsync(viaGateway, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        }

        // The services' shared key signs services only: a token made with it that names a person, with scopes, is refused.
        using var forged = Direct("orchestrator", SignedWithTheServicesKey(PlatformHostOwner, ApiScopes.Admin));
        using (var forgedAdmin = await forged.GetAsync("/api/v1/admin/dead-letters"))
        {
            await AssertProblemAsync(forgedAdmin, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        }

        // The same signing naming a service and no scopes is what services accept, so the refusal above is the rule:
        // it opens the routes skills call (the models), and no route of people's work.
        using var asService = Direct("models", SignedWithTheServicesKey("service:agent-analyst", null));
        Assert.Equal(HttpStatusCode.OK, (await asService.GetAsync("/api/v1/models")).StatusCode);
        using (var tasks = await Direct("orchestrator", agentToken).GetAsync("/api/v1/tasks"))
        {
            await AssertProblemAsync(tasks, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        }
    }

    [Fact]
    public async Task Each_service_checks_the_scope_of_its_own_routes_whoever_signed_the_token()
    {
        var readOnly = platform.Host.CallerToken(PlatformHostOwner, [ApiScopes.TasksRead], "orchestrator");
        using var orchestrator = Direct("orchestrator", readOnly);
        Assert.Equal(HttpStatusCode.OK, (await orchestrator.GetAsync("/api/v1/tasks")).StatusCode);
        using (var submit = await orchestrator.PostAsJsonAsync("/api/v1/tasks", new { capability = "text.sentiment", input = new { text = "fine" } }))
        {
            await AssertProblemAsync(submit, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        }

        using (var goal = await orchestrator.PostAsJsonAsync("/api/v1/goals", new { goal = "write a haiku" }))
        {
            await AssertProblemAsync(goal, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        }

        using (var models = await Direct("models", platform.Host.CallerToken(PlatformHostOwner, [ApiScopes.Chat], "models")).GetAsync("/api/v1/models"))
        {
            await AssertProblemAsync(models, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        }

        // Chat sessions are people's conversations: no service, and no token without 'chat', may open them.
        foreach (var token in new[] { platform.Host.ServiceToken("agent-code"), platform.Host.CallerToken(PlatformHostOwner, [ApiScopes.Models], "agent-chat") })
        {
            using var sessions = await Direct("agent-chat", token).PostAsJsonAsync("/api/v1/chat/sessions", new { });
            await AssertProblemAsync(sessions, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        }
    }

    [Fact]
    public async Task A_users_token_or_another_services_token_replayed_to_a_service_is_refused()
    {
        using var admin = platform.Host.CreateGatewayClient();
        var username = NewUsername("grace");
        await RegisterAsync(admin, username);
        using var anonymous = platform.Host.CreateGatewayClient(withApiKey: false);
        var userToken = (await SignInAsync(anonymous, username)).AccessToken;

        using (var replayed = await Direct("orchestrator", userToken).GetAsync("/api/v1/tasks"))
        {
            await AssertProblemAsync(replayed, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        }

        // A genuine caller token, but made for the models service: the orchestrator is not its audience.
        var forModels = platform.Host.CallerToken(PlatformHostOwner, ApiScopes.All, "models");
        using (var wrongAudience = await Direct("orchestrator", forModels).GetAsync("/api/v1/tasks"))
        {
            await AssertProblemAsync(wrongAudience, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        }

        using var rightAudience = await Direct("orchestrator", platform.Host.CallerToken(PlatformHostOwner, ApiScopes.All, "orchestrator")).GetAsync("/api/v1/tasks");
        Assert.Equal(HttpStatusCode.OK, rightAudience.StatusCode);
    }

    private const string PlatformHostOwner = SutazAI.Testing.PlatformHost.BootstrapOwner;

    private HttpClient Direct(string service, string token)
    {
        var client = platform.Host.CreateServiceClient(service, withInternalToken: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>What an agent's process could sign with the key every service holds, naming anyone it likes.</summary>
    private string SignedWithTheServicesKey(string subject, string? scopes)
    {
        var key = new SymmetricSecurityKey(SHA256.HashData(Encoding.UTF8.GetBytes(platform.Host.Secrets.InternalTokenKey)));
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "sutazai-internal",
            Audience = "sutazai-services",
            Claims = scopes is null
                ? new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = subject }
                : new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = subject, ["scope"] = scopes },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using SutazAI.Contracts.Auth;

namespace SutazAI.ServiceDefaults.Tests;

/// <summary>Who may sign what: the gateway's caller tokens, the services' own tokens, and the owner scope read from them.</summary>
public class TokenTrustTests
{
    private static readonly string SigningKey = CallerTokens.CreateKeyPair().PrivateKey;
    private const string ServiceKey = "a-test-only-service-key-of-at-least-32-characters";

    [Fact]
    public async Task A_caller_token_is_good_at_its_own_service_only()
    {
        var gateway = new CallerTokens(Configuration((CallerTokens.SigningKeySetting, SigningKey)));
        var token = gateway.Issue("user:alice", "tasks:read chat", "orchestrator");

        var orchestrator = Verifier("orchestrator");
        var identity = await orchestrator.ValidateAsync(token);
        Assert.Equal("user:alice", identity!.FindFirst(JwtRegisteredClaimNames.Sub)!.Value);
        Assert.NotNull(identity.FindFirst(JwtRegisteredClaimNames.Jti));
        Assert.Null(await Verifier("models").ValidateAsync(token));
        Assert.Null(await orchestrator.ValidateAsync(token[..^4] + "AAAA"));
        Assert.Null(await orchestrator.ValidateAsync(new string('x', 5000)));
    }

    [Fact]
    public async Task A_token_checked_again_names_the_same_caller_and_each_check_gets_its_own_identity()
    {
        var token = new CallerTokens(Configuration((CallerTokens.SigningKeySetting, SigningKey))).Issue("user:alice", "chat", "orchestrator");
        var orchestrator = Verifier("orchestrator");

        var first = await orchestrator.ValidateAsync(token);
        first!.AddClaim(new Claim(CallerTokens.ScopeClaim, "admin"));
        var second = await orchestrator.ValidateAsync(token);

        Assert.Equal("user:alice", second!.FindFirst(JwtRegisteredClaimNames.Sub)!.Value);
        Assert.Equal(["chat"], second.FindAll(CallerTokens.ScopeClaim).Select(c => c.Value));
        Assert.Null(await orchestrator.ValidateAsync(token[..^4] + "AAAA"));
        Assert.Null(await orchestrator.ValidateAsync(token + "."));
    }

    [Fact]
    public async Task A_token_signed_with_another_key_or_by_a_service_is_not_a_caller()
    {
        var stranger = new CallerTokens(Configuration((CallerTokens.SigningKeySetting, CallerTokens.CreateKeyPair().PrivateKey)));
        Assert.Null(await Verifier("orchestrator").ValidateAsync(stranger.Issue("user:alice", "admin", "orchestrator")));

        var services = new InternalTokens(Configuration((InternalTokens.KeySetting, ServiceKey)));
        Assert.Null(await Verifier("orchestrator").ValidateAsync(services.Issue("service:agent-chat")));
    }

    [Fact]
    public async Task The_services_key_signs_services_only()
    {
        var services = new InternalTokens(Configuration((InternalTokens.KeySetting, ServiceKey)));
        Assert.Throws<ArgumentException>(() => services.Issue("user:alice"));
        var identity = await services.ValidateAsync(services.Issue("service:agent-chat"));
        Assert.Equal("service:agent-chat", identity!.FindFirst(JwtRegisteredClaimNames.Sub)!.Value);
        Assert.Throws<InvalidOperationException>(() => new InternalTokens(Configuration((InternalTokens.KeySetting, "short"))));
    }

    [Fact]
    public void Only_the_gateway_can_issue_and_a_service_without_the_public_key_cannot_check()
    {
        var service = new CallerTokens(Configuration());
        Assert.False(service.CanValidate);
        Assert.Throws<InvalidOperationException>(() => service.Issue("user:alice", "", "orchestrator"));
    }

    [Fact]
    public void The_owner_scope_is_the_callers_own_unless_an_admin_asks_for_more()
    {
        var user = Caller("user:bob", ApiScopes.TasksRead);
        Assert.Equal("user:bob", OwnerScope.For(user, null).Owner);
        Assert.Equal("user:bob", OwnerScope.For(user, "user:bob").Owner);
        Assert.Equal(StatusCodes.Status403Forbidden, Assert.Throws<RequestProblemException>(() => OwnerScope.For(user, "*")).StatusCode);

        var admin = Caller("user:root", $"{ApiScopes.TasksRead} {ApiScopes.Admin}");
        Assert.Null(OwnerScope.For(admin, OwnerScope.Everyone).Owner);
        Assert.Equal("user:bob", OwnerScope.For(admin, "user:bob").Owner);
        Assert.True(OwnerScope.For(admin, OwnerScope.Everyone).Allows("user:anyone"));
        Assert.Equal(StatusCodes.Status400BadRequest, Assert.Throws<RequestProblemException>(() => OwnerScope.For(admin, new string('u', 101))).StatusCode);
        Assert.Equal(StatusCodes.Status401Unauthorized, Assert.Throws<RequestProblemException>(() => OwnerScope.For(new ClaimsPrincipal(), null)).StatusCode);
    }

    private static CallerTokens Verifier(string audience)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(SigningKey), out _);
        var publicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        return new CallerTokens(Configuration((CallerTokens.VerifyKeySetting, publicKey), (CallerTokens.AudienceSetting, audience)));
    }

    private static ClaimsPrincipal Caller(string subject, string scopes) =>
        new(new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, subject), new Claim(CallerTokens.ScopeClaim, scopes)], "test"));

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
}

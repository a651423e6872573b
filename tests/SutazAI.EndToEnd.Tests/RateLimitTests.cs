using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SutazAI.Contracts;
using SutazAI.Contracts.Auth;
using SutazAI.Testing;
using static SutazAI.EndToEnd.Tests.GatewayCalls;

namespace SutazAI.EndToEnd.Tests;

/// <summary>Limits are per identity and route class, shared by every gateway replica through Redis, local without it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RateLimitTests(PlatformFixture platform)
{
    private const int Limit = 20;

    [Fact]
    public async Task Two_replicas_share_one_limit_through_Redis_and_answer_429_with_Retry_After_after_it()
    {
        string[] settings = [$"Gateway:RateLimits:Admin:PermitLimit={Limit}", OwnCounters()];
        await using var first = await GatewayProcess.StartAsync(platform.Host, settings);
        await using var second = await GatewayProcess.StartAsync(platform.Host, settings);
        // A fresh identity: its own partition, untouched by other tests.
        var key = await ApiKeyTests.CreateKeyAsync(platform.Host.CreateGatewayClient(), "limited", [ApiScopes.TasksRead]);
        using var a = first.CreateClient(key.Key);
        using var b = second.CreateClient(key.Key);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < Limit + 10; i++)
        {
            var response = await (i % 2 == 0 ? a : b).GetAsync("/api/v1/keys");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected?.Dispose();
                rejected = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Console.WriteLine($"[rate-limit] two replicas, limit {Limit}/min: {statuses.Count(s => s == HttpStatusCode.OK)} admitted, {statuses.Count(s => s == HttpStatusCode.TooManyRequests)} refused");
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, Limit), statuses.Take(Limit));
        Assert.All(statuses.Skip(Limit), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        using (rejected)
        {
            await AssertProblemAsync(rejected!, HttpStatusCode.TooManyRequests, ProblemTypes.RateLimited);
            var retryAfter = int.Parse(rejected!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 60);
        }

        // Refusals are counted for Prometheus (this replica has no internal port, so /metrics is on its only one).
        using var scrape = new HttpClient { BaseAddress = first.Address };
        AssertCounted(await scrape.GetStringAsync("/metrics"), "shared");

        // Another route class of the same identity has its own budget.
        using var tasks = await a.GetAsync("/api/v1/tasks");
        Assert.Equal(HttpStatusCode.OK, tasks.StatusCode);
    }

    [Fact]
    public async Task Login_attempts_are_limited_per_client_address_and_per_account()
    {
        // Defaults: 10 auth requests a minute per address, 10 login attempts a minute per account.
        await using var byAddress = await GatewayProcess.StartAsync(platform.Host, [OwnCounters()]);
        using var anonymous = byAddress.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(NewUsername("nobody"), "wrong password"));
            codes.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 10).Append(HttpStatusCode.TooManyRequests), codes);

        // Per account: from an address with room to spare, the eleventh try on one account is refused.
        await using var byAccount = await GatewayProcess.StartAsync(platform.Host, ["Gateway:RateLimits:Auth:PermitLimit=1000", OwnCounters()]);
        using var client = byAccount.CreateClient();
        var username = NewUsername("dave");
        await RegisterAsync(platform.Host.CreateGatewayClient(), username);
        codes.Clear();
        for (var i = 0; i < 11; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(username, "wrong password"));
            codes.Add(response.StatusCode);
        }

        // Ten answered (wrong, then locked out, which looks the same), then the per-account limit.
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 10).Append(HttpStatusCode.TooManyRequests), codes);
    }

    [Fact]
    public async Task With_Redis_stopped_limits_still_apply_locally_and_health_says_so()
    {
        await using var gateway = await GatewayProcess.StartAsync(platform.Host, ["Gateway:RateLimits:Admin:PermitLimit=5", OwnCounters()]);
        var key = await ApiKeyTests.CreateKeyAsync(platform.Host.CreateGatewayClient(), "limited without redis", [ApiScopes.TasksRead]);
        using var client = gateway.CreateClient(key.Key);
        // Seen once while Redis is up, so the key lookup is not what is being tested.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);

        await platform.Host.StopResourceAsync("redis-server");
        try
        {
            var codes = new List<HttpStatusCode>();
            for (var i = 0; i < 8; i++)
            {
                using var response = await client.GetAsync("/api/v1/keys");
                codes.Add(response.StatusCode);
            }

            Console.WriteLine($"[rate-limit] Redis stopped, limit 5/min: {string.Join(",", codes.Select(c => (int)c))}");
            Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)), codes);

            using var health = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            using var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            Assert.Equal("Degraded", report.RootElement.GetProperty("status").GetString());
            Assert.Contains("rate limits are counted by this gateway alone", report.RootElement.GetRawText(), StringComparison.Ordinal);
            Assert.Contains("Rate limits fall back to this gateway", gateway.Output, StringComparison.Ordinal);
            using var scrape = new HttpClient { BaseAddress = gateway.Address };
            AssertCounted(await scrape.GetStringAsync("/metrics"), "local");
        }
        finally
        {
            await platform.Host.StartResourceAsync("redis-server");
        }

        await platform.Host.WaitUntilHealthyAsync(["gateway", "orchestrator", "models"], TimeSpan.FromSeconds(60));
    }

    private static void AssertCounted(string metrics, string store)
    {
        var lines = metrics.Split('\n').Where(line => line.StartsWith("sutazai_gateway_rate_limited", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Any(line => line.Contains("class=\"admin\"", StringComparison.Ordinal) && line.Contains($"store=\"{store}\"", StringComparison.Ordinal)),
            string.Join("\n", lines.DefaultIfEmpty(metrics[..Math.Min(2000, metrics.Length)])));
    }

    /// <summary>
    /// Counters of this test alone: every gateway on the platform's Redis shares counts per caller, and the other
    /// tests' auth calls come from the same loopback address.
    /// </summary>
    private static string OwnCounters() => $"Gateway:RateLimits:KeyPrefix=test-{Guid.NewGuid():N}";
}

using System.Net;
using Npgsql;
using Xunit.Abstractions;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// PostgreSQL dropping a service's connections (a restart, an administrator's <c>pg_terminate_backend</c>) costs that
/// service at most one failed request, answered 503, even with several dead connections in its pool: Npgsql gives up
/// the pool's other dead connections once one has failed, and the failure is the database being away, not a bug.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DroppedConnectionTests(PlatformFixture platform, ITestOutputHelper output)
{
    [Fact]
    public async Task Connections_the_database_dropped_fail_at_most_one_request_and_never_with_a_500()
    {
        using var client = platform.Host.CreateGatewayClient();
        // Several connections in the orchestrator's pool, idle once these have been answered.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await client.GetAsync("/api/v1/tasks");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }));

        await using (var admin = new NpgsqlConnection(await platform.Host.GetConnectionStringAsync("orchestratordb")))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            var terminated = (long)(await terminate.ExecuteScalarAsync())!;
            output.WriteLine($"terminated {terminated} connections to the orchestrator's database");
            Assert.True(terminated >= 2, "the orchestrator held at least two connections");
            // This process's own idle connections to the database (other tests') were terminated too.
            NpgsqlConnection.ClearPool(admin);
        }

        // The terminated backends exit on their own schedule; a moment, not long enough for background work to use them all.
        await Task.Delay(TimeSpan.FromMilliseconds(50));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync("/api/v1/tasks");
            statuses.Add(response.StatusCode);
        }

        var seen = string.Join(", ", statuses);
        output.WriteLine($"then: {seen}");
        Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses);
        Assert.True(statuses.Count(s => s != HttpStatusCode.OK) <= 1, $"at most one request failed: {seen}");
        Assert.Equal(HttpStatusCode.OK, statuses[^1]);
    }
}

using System.Net;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

/// <summary>While PostgreSQL is away the API answers 503 problems, not 500, and recovers by itself.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DatabaseOutageTests(PlatformFixture platform)
{
    [Fact]
    public async Task Requests_during_a_database_outage_get_503_and_work_again_after_it()
    {
        using var client = platform.Host.CreateGatewayClient();
        await platform.Host.KillResourceAsync("postgres");
        try
        {
            using var list = await client.GetAsync("/api/v1/tasks");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
            Assert.Equal("application/problem+json", list.Content.Headers.ContentType?.MediaType);
            using var submit = await client.SubmitAsync("text.sentiment", new { text = "during the outage" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, submit.StatusCode);
        }
        finally
        {
            await platform.Host.StartResourceAsync("postgres");
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            await Task.Delay(500);
            using var response = await client.GetAsync("/api/v1/tasks");
            status = response.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);

        var task = await client.SubmitAcceptedAsync("text.sentiment", new { text = "after the outage, all good" });
        Assert.Equal(SutazAI.Contracts.Tasks.TaskState.Completed, (await client.WaitUntilFinalAsync(task.Id, TimeSpan.FromSeconds(60))).Status);
    }
}

using System.Net;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;
using Xunit.Abstractions;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// PostgreSQL killed in the middle of a run: requests meanwhile get 503 problems (not 500), the API recovers by
/// itself, and every task accepted before the crash completes exactly once.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DatabaseOutageTests(PlatformFixture platform, ITestOutputHelper output)
{
    [Fact]
    public async Task A_database_crash_mid_run_answers_503_meanwhile_and_loses_no_accepted_task()
    {
        await using var counter = await CompletionCounter.StartAsync(platform.Host);
        using var client = platform.Host.CreateGatewayClient();
        var tasks = await client.SubmitBatchAsync("text.sentiment",
            Enumerable.Range(0, 300).Select(i => (object)new { text = $"database run {i}: a fine and pleasant day" }));
        await TaskClient.WaitUntilAsync(() => tasks.Any(t => counter.Recorded.ContainsKey(t.Id)), TimeSpan.FromSeconds(60), "a task completed");

        await platform.Host.KillResourceAsync("postgres");
        var doneAtKill = tasks.Count(t => counter.Recorded.ContainsKey(t.Id));
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

        var done = await client.WaitAllFinalAsync(tasks, TimeSpan.FromSeconds(180));
        await Task.Delay(TimeSpan.FromSeconds(2));
        output.WriteLine($"killed PostgreSQL after {doneAtKill}/300 completions; recorded {tasks.Sum(t => counter.Recorded.GetValueOrDefault(t.Id))}");
        Assert.All(done, t => Assert.Equal(TaskState.Completed, t.Status));
        // A COMMIT cut off by the crash may have succeeded on the server: the redelivered outcome then finds the task
        // already Completed and applies nothing, so that completion is never announced. Never twice, though.
        Assert.All(tasks, t => Assert.InRange(counter.Recorded.GetValueOrDefault(t.Id), 0, 1));

        var after = await client.SubmitAcceptedAsync("text.sentiment", new { text = "after the outage, all good" });
        Assert.Equal(TaskState.Completed, (await client.WaitUntilFinalAsync(after.Id, TimeSpan.FromSeconds(60))).Status);
    }
}

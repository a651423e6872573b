using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SutazAI.Contracts;
using SutazAI.Contracts.Tasks;
using SutazAI.Contracts.Workflows;
using SutazAI.Orchestrator.Data;
using SutazAI.Testing;
using static SutazAI.EndToEnd.Tests.GatewayCalls;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// Event streams as a demanding client uses them: each person holds a bounded number at once whatever they ask, and
/// a client that reconnects with <c>Last-Event-ID</c> gets what came after and nothing twice.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class StreamTests(PlatformFixture platform)
{
    /// <summary>The orchestrator's default <c>Streams:MaxPerOwner</c>.</summary>
    private const int MaxPerOwner = 32;

    [Fact]
    public async Task Two_hundred_streams_from_one_person_get_their_cap_and_429_beyond_it_while_the_database_stays_under_its_pool()
    {
        using var admin = platform.Host.CreateGatewayClient();
        var (person, personId) = await SignedInUserAsync(platform.Host, admin, "streamer");
        var connectionString = await platform.Host.GetConnectionStringAsync("orchestratordb");
        await using var db = await OrchestratorDatabase.OpenAsync(platform.Host);
        var waiting = await AddQueuedTaskAsync(db, $"user:{personId:N}");

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => person.OpenAsync($"/api/v1/tasks/{waiting.Id}/events")));
        try
        {
            var open = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
            var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.Equal(MaxPerOwner, open.Count);
            Assert.Equal(200 - MaxPerOwner, refused.Count);
            await AssertProblemAsync(refused[0], HttpStatusCode.TooManyRequests, ProblemTypes.TooManyStreams);
            Assert.True(refused[0].Headers.RetryAfter?.Delta > TimeSpan.Zero, "a refused stream says when to try again");

            // The open streams wait on Redis, not on PostgreSQL connections: the orchestrator's pool is smaller than
            // one person's share of streams, so they could not all be open if each kept a connection.
            var poolSize = new NpgsqlConnectionStringBuilder(connectionString).MaxPoolSize;
            Assert.True(poolSize < MaxPerOwner, $"the orchestrator's pool ({poolSize}) is smaller than one person's streams ({MaxPerOwner})");

            // Another person is not held back by this one's streams.
            using (var other = await admin.OpenAsync($"/api/v1/tasks/{waiting.Id}/events?owner=*"))
            {
                Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            }

            // One change reaches every open stream, pushed: the cancel ends each of them.
            using (var cancel = await person.DeleteAsync($"/api/v1/tasks/{waiting.Id}"))
            {
                Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var streams = await Task.WhenAll(open.Select(r => EventStreams.ReadAsync(r, deadline.Token)));
            Assert.All(streams, events =>
            {
                Assert.Equal("end", events[^1].Type);
                Assert.Equal(nameof(TaskState.Cancelled), events[^1].Json.GetProperty("status").GetString());
            });
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        // The leases went with the streams: the person may follow again.
        var next = await AddQueuedTaskAsync(db, $"user:{personId:N}");
        var giveUpAt = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            using var again = await person.OpenAsync($"/api/v1/tasks/{next.Id}/events");
            status = again.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < giveUpAt && await Delay());
        Assert.Equal(HttpStatusCode.OK, status);
        using (await person.DeleteAsync($"/api/v1/tasks/{next.Id}"))
        {
        }
    }

    [Fact]
    public async Task A_task_stream_resumed_with_its_last_event_id_sends_only_what_came_after_and_204_once_the_end_was_seen()
    {
        using var client = platform.Host.CreateGatewayClient();
        await using var db = await OrchestratorDatabase.OpenAsync(platform.Host);
        var task = await AddQueuedTaskAsync(db, PlatformHost.BootstrapOwner);
        var path = $"/api/v1/tasks/{task.Id}/events";

        // A reader sees the queued task, then goes away; the task is cancelled meanwhile.
        var queued = await FirstEventAsync(client, path);
        Assert.Equal(nameof(TaskState.Queued), queued.Json.GetProperty("status").GetString());
        using (await client.DeleteAsync($"/api/v1/tasks/{task.Id}"))
        {
        }

        using var resumed = await client.OpenAsync(path, queued.Id);
        var after = await EventStreams.ReadAsync(resumed);
        var end = Assert.Single(after);
        Assert.Equal("end", end.Type);
        Assert.Equal(nameof(TaskState.Cancelled), end.Json.GetProperty("status").GetString());
        Assert.True(Version(end.Id) > Version(queued.Id), $"event ids grow: {queued.Id}, then {end.Id}");

        using var seenTheEnd = await client.OpenAsync(path, end.Id);
        Assert.Equal(HttpStatusCode.NoContent, seenTheEnd.StatusCode);
    }

    [Fact]
    public async Task A_workflow_stream_is_pushed_each_change_and_resumed_with_its_last_event_id_sends_only_newer_versions()
    {
        using var client = platform.Host.CreateGatewayClient();
        await using var db = await OrchestratorDatabase.OpenAsync(platform.Host);
        var workflow = new WorkflowRecord
        {
            Id = Guid.CreateVersion7(),
            Name = "resumable",
            Status = WorkflowState.Running,
            Input = "{}",
            Owner = PlatformHost.BootstrapOwner,
            Priority = 5,
            CreatedAt = DateTimeOffset.UtcNow,
            Steps = [new WorkflowStepRecord { StepId = "later", Capability = "text.sentiment", Input = """{"text":"later"}""", Status = StepState.Pending }],
        };
        db.Workflows.Add(workflow);
        await db.SaveChangesAsync();
        var path = $"/api/v1/workflows/{workflow.Id}/events";

        // One reader stays and hears the cancel as it happens; another saw the first version only and comes back.
        using var staying = await client.OpenAsync(path);
        var first = await FirstEventAsync(client, path);
        using (var cancel = await client.DeleteAsync($"/api/v1/workflows/{workflow.Id}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }

        var heard = await EventStreams.ReadAsync(staying);
        Assert.Equal(["workflow", "end"], heard.Select(e => e.Type));
        Assert.Equal(first.Id, heard[0].Id);
        Assert.Equal(nameof(WorkflowState.Cancelled), heard[^1].Json.GetProperty("status").GetString());

        using var resumed = await client.OpenAsync(path, first.Id);
        var after = await EventStreams.ReadAsync(resumed);
        Assert.Equal([heard[^1].Id], after.Select(e => e.Id));

        using var seenTheEnd = await client.OpenAsync(path, heard[^1].Id);
        Assert.Equal(HttpStatusCode.NoContent, seenTheEnd.StatusCode);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.2.3")]
    [InlineData("99999999999999999999")]
    public async Task A_last_event_id_that_is_no_position_is_a_400(string lastEventId)
    {
        using var client = platform.Host.CreateGatewayClient();
        var task = await client.SubmitAcceptedAsync("text.sentiment", new { text = "fine" });
        using var response = await client.OpenAsync($"/api/v1/tasks/{task.Id}/events", lastEventId);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }

    private static int Version(string? id)
    {
        Assert.NotNull(id);
        return int.Parse(id[..id.IndexOf('.', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<StreamEvent> FirstEventAsync(HttpClient client, string path)
    {
        using var response = await client.OpenAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var item = await System.Net.ServerSentEvents.SseParser.Create(body).EnumerateAsync().FirstAsync();
        return new StreamEvent(item.EventId, item.EventType, item.Data);
    }

    /// <summary>A task that stays queued: no message for it goes to any agent.</summary>
    private static async Task<TaskRecord> AddQueuedTaskAsync(OrchestratorDbContext db, string owner)
    {
        var task = new TaskRecord
        {
            Id = Guid.CreateVersion7(),
            Owner = owner,
            Capability = "text.sentiment",
            Agent = "analyst",
            Status = TaskState.Queued,
            Priority = 5,
            Input = """{"text":"waiting"}""",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return task;
    }
}

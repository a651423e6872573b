using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts.Tasks;
using SutazAI.Contracts.Workflows;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

/// <summary>A retried creating request with the same Idempotency-Key returns the first result; nothing is created twice.</summary>
[Collection(PlatformCollection.Name)]
public sealed class IdempotencyTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_retried_task_request_returns_the_first_task()
    {
        using var client = platform.Host.CreateGatewayClient();
        var key = Guid.NewGuid().ToString();
        var before = await client.CountTasksAsync();

        var first = await PostAsync(client, "/api/v1/tasks", key, """{"capability":"text.sentiment","input":{"text":"once only"}}""");
        var again = await PostAsync(client, "/api/v1/tasks", key, """{"capability":"text.sentiment","input":{"text":"once only"}}""");

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, again.Status);
        Assert.Equal(first.Body.GetProperty("id").GetGuid(), again.Body.GetProperty("id").GetGuid());
        Assert.Equal(first.Location, again.Location);
        Assert.True(again.Replayed);
        Assert.Equal(before + 1, await client.CountTasksAsync());

        var other = await PostAsync(client, "/api/v1/tasks", key, """{"capability":"text.sentiment","input":{"text":"something else"}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Equal(before + 1, await client.CountTasksAsync());
    }

    [Fact]
    public async Task Concurrent_retries_create_one_task()
    {
        using var client = platform.Host.CreateGatewayClient();
        var key = Guid.NewGuid().ToString();
        var before = await client.CountTasksAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            PostAsync(client, "/api/v1/tasks", key, """{"capability":"text.language","input":{"text":"eins zwei drei"}}""")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        Assert.Single(answers.Select(a => a.Body.GetProperty("id").GetGuid()).Distinct());
        Assert.Equal(before + 1, await client.CountTasksAsync());
    }

    [Fact]
    public async Task A_retried_workflow_request_returns_the_first_workflow()
    {
        using var client = platform.Host.CreateGatewayClient();
        var key = Guid.NewGuid().ToString();
        const string body = """{"steps":[{"id":"a","capability":"text.sentiment","input":{"text":"nice"}}]}""";

        var first = await PostAsync(client, "/api/v1/workflows", key, body);
        var again = await PostAsync(client, "/api/v1/workflows", key, body);

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(first.Body.GetProperty("id").GetGuid(), again.Body.GetProperty("id").GetGuid());
        Assert.True(again.Replayed);
        var done = await client.WaitUntilWorkflowEndsAsync(first.Body.GetProperty("id").GetGuid());
        Assert.Equal(WorkflowState.Completed, done.Status);
    }

    [Fact]
    public async Task A_malformed_key_is_refused()
    {
        using var client = platform.Host.CreateGatewayClient();
        var answer = await PostAsync(client, "/api/v1/tasks", new string('k', 201), """{"capability":"text.sentiment","input":{"text":"x"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task A_task_whose_commit_fails_leaves_neither_its_dispatch_nor_its_stored_answer_behind()
    {
        await using var db = await OrchestratorDatabase.OpenAsync(platform.Host);
        var marker = $"refused-at-commit-{Guid.NewGuid():N}";
        // A deferred trigger fails the commit after every row of the submission was written, whatever their order.
        // DDL takes no parameters; the marker is a fresh GUID.
        var createTrigger = $$"""
            CREATE FUNCTION refuse_marked_task() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
              IF NEW."Input"::text LIKE '%{{marker}}%' THEN RAISE EXCEPTION 'refused by the test'; END IF;
              RETURN NULL;
            END $fn$;
            CREATE CONSTRAINT TRIGGER refuse_marked_task AFTER INSERT ON tasks DEFERRABLE INITIALLY DEFERRED
              FOR EACH ROW EXECUTE FUNCTION refuse_marked_task();
            """;
        await db.Database.ExecuteSqlRawAsync(createTrigger);
        using var client = platform.Host.CreateGatewayClient();
        var key = Guid.NewGuid().ToString();
        var body = JsonSerializer.Serialize(new { capability = "text.sentiment", input = new { text = marker } });
        HttpStatusCode refused;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = TaskClient.JsonContent(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await client.SendAsync(request);
            refused = response.StatusCode;
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse_marked_task ON tasks; DROP FUNCTION refuse_marked_task();");
        }

        Assert.NotEqual(HttpStatusCode.Accepted, refused);
        var pattern = $"%{marker}%";
        Assert.Equal(0, await db.Database.SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM tasks WHERE "Input"::text LIKE {pattern}""").SingleAsync());
        Assert.Equal(0, await db.Database.SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM outbox_messages WHERE "Body"::text LIKE {pattern}""").SingleAsync());
        Assert.False(await db.IdempotencyKeys.AnyAsync(k => k.Key == key));

        var retried = await PostAsync(client, "/api/v1/tasks", key, body);
        Assert.Equal(HttpStatusCode.Accepted, retried.Status);
        Assert.False(retried.Replayed);
        Assert.Equal(TaskState.Completed, (await client.WaitUntilFinalAsync(retried.Body.GetProperty("id").GetGuid(), TimeSpan.FromSeconds(60))).Status);
    }

    private sealed record Answer(HttpStatusCode Status, JsonElement Body, string? Location, bool Replayed);

    private static async Task<Answer> PostAsync(HttpClient client, string path, string key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = TaskClient.JsonContent(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Answer(response.StatusCode, json, response.Headers.Location?.ToString(), response.Headers.Contains("Idempotent-Replayed"));
    }
}

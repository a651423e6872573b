using System.Net;
using System.Text.Json;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

/// <summary>Every way a client can get a request wrong ends in a 4xx ProblemDetails and creates no task.</summary>
[Collection(PlatformCollection.Name)]
public sealed class BadInputTests(PlatformFixture platform)
{
    public static TheoryData<string, string?, string, int> BadRequests => new()
    {
        { "malformed JSON", "application/json", """{"capability": "text.sentiment", "input": {""", 400 },
        { "missing fields", "application/json", "{}", 400 },
        { "missing input", "application/json", """{"capability":"text.sentiment"}""", 400 },
        { "input not an object", "application/json", """{"capability":"text.sentiment","input":"hi"}""", 400 },
        { "unknown capability", "application/json", """{"capability":"text.telepathy","input":{"text":"x"}}""", 400 },
        { "wrong input shape", "application/json", """{"capability":"text.sentiment","input":{"txt":42}}""", 400 },
        { "wrong input type", "application/json", """{"capability":"text.sentiment","input":{"text":42}}""", 400 },
        { "empty text", "application/json", """{"capability":"text.sentiment","input":{"text":""}}""", 400 },
        { "top out of range", "application/json", """{"capability":"text.keywords","input":{"text":"a b","top":1000}}""", 400 },
        { "priority too high", "application/json", """{"capability":"text.sentiment","input":{"text":"x"},"priority":10}""", 400 },
        { "priority negative", "application/json", """{"capability":"text.sentiment","input":{"text":"x"},"priority":-1}""", 400 },
        { "priority not a number", "application/json", """{"capability":"text.sentiment","input":{"text":"x"},"priority":"high"}""", 400 },
        { "huge number", "application/json", """{"capability":"text.sentiment","input":{"text":"x"},"priority":1e400}""", 400 },
        { "unknown agent", "application/json", """{"capability":"text.sentiment","input":{"text":"x"},"agent":"nobody"}""", 400 },
        { "array body", "application/json", "[1,2,3]", 400 },
        { "null body", "application/json", "null", 400 },
        { "empty body", "application/json", "", 400 },
        { "not JSON", "text/plain", "text.sentiment please", 415 },
        { "no content type", null, """{"capability":"text.sentiment","input":{"text":"x"}}""", 415 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_task_request_gets_a_problem_and_creates_nothing(string name, string? contentType, string body, int expected)
    {
        using var client = platform.Host.CreateGatewayClient();
        var before = await client.CountTasksAsync();

        using var content = new StringContent(body);
        content.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync("/api/v1/tasks", content);

        await AssertProblemAsync(response, expected, name);
        Assert.Equal(before, await client.CountTasksAsync());
    }

    [Fact]
    public async Task A_two_mebibyte_body_gets_413()
    {
        using var client = platform.Host.CreateGatewayClient();
        var before = await client.CountTasksAsync();
        var text = new string('a', 2 * 1024 * 1024);
        using var response = await client.PostAsync("/api/v1/tasks", TaskClient.JsonContent($$$"""{"capability":"text.sentiment","input":{"text":"{{{text}}}"}}"""));

        await AssertProblemAsync(response, 413, "2 MiB body");
        Assert.Equal(before, await client.CountTasksAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789")]
    [InlineData("")]
    public async Task No_or_a_wrong_API_key_gets_401(string? key)
    {
        using var client = platform.Host.CreateGatewayClient(withApiKey: false);
        if (key is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", key);
        }

        using var post = await client.PostAsync("/api/v1/tasks", TaskClient.JsonContent("""{"capability":"text.sentiment","input":{"text":"x"}}"""));
        await AssertProblemAsync(post, 401, "post without key");
        using var get = await client.GetAsync("/api/v1/agents");
        await AssertProblemAsync(get, 401, "get without key");
    }

    [Theory]
    [InlineData("/api/v1/tasks/not-a-guid", 404)]
    [InlineData("/api/v1/tasks/00000000-0000-0000-0000-000000000000", 404)]
    [InlineData("/api/v1/tasks/00000000-0000-0000-0000-000000000000/events", 404)]
    [InlineData("/api/v1/tasks?status=Sleeping", 400)]
    [InlineData("/api/v1/tasks?page=0", 400)]
    [InlineData("/api/v1/tasks?pageSize=100000", 400)]
    [InlineData("/api/v1/tasks?page=abc", 400)]
    [InlineData("/api/v1/unknown", 404)]
    public async Task Bad_queries_get_problems(string path, int expected)
    {
        using var client = platform.Host.CreateGatewayClient();
        using var response = await client.GetAsync(path);
        await AssertProblemAsync(response, expected, path);
    }

    [Fact]
    public async Task Cancelling_an_unknown_task_gets_404()
    {
        using var client = platform.Host.CreateGatewayClient();
        using var response = await client.DeleteAsync($"/api/v1/tasks/{Guid.NewGuid()}");
        await AssertProblemAsync(response, 404, "delete unknown");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int expected, string because)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"{because}: expected {expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
    }
}

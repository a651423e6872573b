using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class RoutingAndBatchTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("what is the mood of this review: the pasta was cold and the waiter was rude", "text.sentiment")]
    [InlineData("which language is this: ceci n'est pas une pipe", "text.language")]
    public async Task Auto_routes_free_text_to_the_closest_capability(string text, string expected)
    {
        using var client = platform.Host.CreateGatewayClient();
        var task = await client.SubmitAcceptedAsync("auto", new { text });

        Assert.Equal(expected, task.Capability);
        var routing = task.Routing!.Value;
        Assert.True(routing.GetProperty("similarity").GetDouble() >= routing.GetProperty("threshold").GetDouble());
        Assert.NotEmpty(routing.GetProperty("runnersUp").EnumerateArray());
        Assert.Equal(TaskState.Completed, (await client.WaitUntilFinalAsync(task.Id)).Status);
    }

    [Fact]
    public async Task Gibberish_below_the_threshold_is_refused_with_the_closest_capabilities()
    {
        using var client = platform.Host.CreateGatewayClient();
        var before = await client.CountTasksAsync();
        using var response = await client.SubmitAsync("auto", new { text = "zxqv blorptang ffnurgle wubbadoo krrp" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Closest:", problem.GetProperty("errors").GetProperty("capability")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await client.CountTasksAsync());
    }

    [Fact]
    public async Task A_batch_is_accepted_whole_and_records_the_assignment()
    {
        using var client = platform.Host.CreateGatewayClient();
        using var response = await client.PostAsJsonAsync("/api/v1/tasks/batch", new
        {
            tasks = new object[]
            {
                new { capability = "text.sentiment", input = new { text = "lovely" } },
                new { capability = "text.language", input = new { text = "Das ist gut und schön." } },
                new { capability = "text.keywords", input = new { text = "queues and brokers and queues" }, priority = 9 },
            },
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var tasks = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tasks").Deserialize<List<TaskView>>(TaskClient.Json)!;
        Assert.Equal(3, tasks.Count);
        foreach (var task in tasks)
        {
            var done = await client.WaitUntilFinalAsync(task.Id);
            Assert.Equal(TaskState.Completed, done.Status);
            Assert.Equal("score", done.Assignment!.Strategy);
            Assert.False(string.IsNullOrEmpty(done.Assignment.Reason));
        }
    }

    [Fact]
    public async Task A_batch_with_one_bad_task_creates_none()
    {
        using var client = platform.Host.CreateGatewayClient();
        var before = await client.CountTasksAsync();
        using var response = await client.PostAsJsonAsync("/api/v1/tasks/batch", new
        {
            tasks = new object[]
            {
                new { capability = "text.sentiment", input = new { text = "fine" } },
                new { capability = "text.sentiment", input = new { nope = 1 } },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("tasks[1].input", out _), errors.GetRawText());

        var tooMany = Enumerable.Range(0, 501).Select(i => new { capability = "text.sentiment", input = new { text = "x" } });
        using var oversized = await client.PostAsJsonAsync("/api/v1/tasks/batch", new { tasks = tooMany });
        Assert.Equal(HttpStatusCode.BadRequest, oversized.StatusCode);
        Assert.Equal(before, await client.CountTasksAsync());
    }
}

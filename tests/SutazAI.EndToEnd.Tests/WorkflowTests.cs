using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SutazAI.Contracts.Tasks;
using SutazAI.Contracts.Workflows;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class WorkflowTests(PlatformFixture platform)
{
    private const string Article =
        "Message queues decouple the services of a platform. The orchestrator stores every task in PostgreSQL. " +
        "Agents take tasks from their queues and report progress. Message queues keep tasks while an agent is down. " +
        "The weather was pleasant yesterday.";

    public static object SummaryThenKeywordsAndLanguage => new
    {
        name = "summary, then keywords and language",
        input = new { text = Article },
        steps = new object[]
        {
            new { id = "summarize", capability = "text.summary", input = new { text = "${input.text}", sentences = 2 } },
            new { id = "keywords", capability = "text.keywords", input = new { text = "${steps.summarize.result.summary}", top = 3 }, dependsOn = new[] { "summarize" } },
            new { id = "language", capability = "text.language", input = new { text = "${steps.summarize.result.summary}" }, dependsOn = new[] { "summarize" } },
        },
    };

    [Fact]
    public async Task Three_steps_complete_with_outputs_wired_and_the_parallel_steps_overlap()
    {
        using var client = platform.Host.CreateGatewayClient();
        var accepted = await client.SubmitWorkflowAsync(SummaryThenKeywordsAndLanguage);
        var done = await client.WaitUntilWorkflowEndsAsync(accepted.Id);

        Assert.Equal(WorkflowState.Completed, done.Status);
        Assert.All(done.Steps, s => Assert.Equal(StepState.Completed, s.Status));
        var summary = done.Steps.Single(s => s.Id == "summarize").Output!.Value.GetProperty("summary").GetString()!;
        Assert.DoesNotContain("weather", summary, StringComparison.Ordinal);

        var keywordsTask = await client.GetTaskAsync(done.Steps.Single(s => s.Id == "keywords").TaskId!.Value);
        var languageTask = await client.GetTaskAsync(done.Steps.Single(s => s.Id == "language").TaskId!.Value);
        Assert.Equal("en", done.Steps.Single(s => s.Id == "language").Output!.Value.GetProperty("language").GetString());
        Assert.Equal(3, done.Steps.Single(s => s.Id == "keywords").Output!.Value.GetProperty("keywords").GetArrayLength());

        // Both were in flight at once: each was queued before the other completed.
        Assert.True(keywordsTask.CreatedAt < languageTask.CompletedAt && languageTask.CreatedAt < keywordsTask.CompletedAt,
            $"keywords {keywordsTask.CreatedAt:O}..{keywordsTask.CompletedAt:O}, language {languageTask.CreatedAt:O}..{languageTask.CompletedAt:O}");
        var summarizeTask = await client.GetTaskAsync(done.Steps.Single(s => s.Id == "summarize").TaskId!.Value);
        Assert.True(keywordsTask.CreatedAt >= summarizeTask.CompletedAt);
    }

    [Fact]
    public async Task A_failed_step_skips_its_dependents_and_fails_the_workflow()
    {
        using var client = platform.Host.CreateGatewayClient();
        var accepted = await client.SubmitWorkflowAsync(new
        {
            steps = new object[]
            {
                new { id = "ask", capability = "chat.message", input = new { message = "hello" } },
                new { id = "after", capability = "text.sentiment", input = new { text = "${steps.ask.result.reply}" }, dependsOn = new[] { "ask" } },
                new { id = "independent", capability = "text.language", input = new { text = "Ceci est une phrase en français." } },
            },
        });
        var done = await client.WaitForWorkflowAsync(accepted.Id, w => w.Status != WorkflowState.Running && w.Steps.All(s => s.Status != StepState.Running));

        Assert.Equal(WorkflowState.Failed, done.Status);
        Assert.Equal(StepState.Failed, done.Steps.Single(s => s.Id == "ask").Status);
        Assert.Equal(StepState.Skipped, done.Steps.Single(s => s.Id == "after").Status);
        Assert.Null(done.Steps.Single(s => s.Id == "after").TaskId);
        Assert.Contains("ask", done.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_step_is_retried_as_configured_before_the_workflow_fails()
    {
        using var client = platform.Host.CreateGatewayClient();
        var accepted = await client.SubmitWorkflowAsync(new
        {
            steps = new object[] { new { id = "flaky", capability = "code.generate", input = new { language = "csharp", instruction = "hello" }, retries = 2 } },
        });
        var done = await client.WaitUntilWorkflowEndsAsync(accepted.Id);

        Assert.Equal(WorkflowState.Failed, done.Status);
        var step = Assert.Single(done.Steps);
        Assert.Equal((StepState.Failed, 3), (step.Status, step.Attempts));
        Assert.Contains("LLM", step.Error ?? "", StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadWorkflows => new()
    {
        { "cycle", """{"steps":[{"id":"a","capability":"text.sentiment","input":{"text":"x"},"dependsOn":["b"]},{"id":"b","capability":"text.sentiment","input":{"text":"x"},"dependsOn":["a"]}]}""" },
        { "unknown capability", """{"steps":[{"id":"a","capability":"text.mindreading","input":{"text":"x"}}]}""" },
        { "dangling reference", """{"steps":[{"id":"a","capability":"text.sentiment","input":{"text":"${steps.ghost.result.summary}"}}]}""" },
        { "reference to a step not depended on", """{"steps":[{"id":"a","capability":"text.summary","input":{"text":"x"}},{"id":"b","capability":"text.sentiment","input":{"text":"${steps.a.result.summary}"}}]}""" },
        { "unknown dependency", """{"steps":[{"id":"a","capability":"text.sentiment","input":{"text":"x"},"dependsOn":["z"]}]}""" },
        { "duplicate ids", """{"steps":[{"id":"a","capability":"text.sentiment","input":{"text":"x"}},{"id":"a","capability":"text.sentiment","input":{"text":"y"}}]}""" },
        { "bad static input", """{"steps":[{"id":"a","capability":"text.sentiment","input":{"txt":"x"}}]}""" },
        { "no steps", """{"steps":[]}""" },
        { "101 steps", JsonSerializer.Serialize(new { steps = Enumerable.Range(0, 101).Select(i => new { id = $"s{i}", capability = "text.sentiment", input = new { text = "x" } }) }) },
        { "malformed", """{"steps":[{"id":"a",""" },
        // Template bombs: a few bytes of references to a large input would resolve into gigabytes.
        { "20,000 references in one step", JsonSerializer.Serialize(new
        {
            input = new { x = "y" },
            steps = new[] { new { id = "a", capability = "text.sentiment", input = new { text = string.Concat(Enumerable.Repeat("${input.x}", 20_000)) } } },
        }) },
        { "references resolving past 1 MiB", JsonSerializer.Serialize(new
        {
            input = new { x = new string('z', 500_000) },
            steps = new[] { new { id = "a", capability = "text.sentiment", input = new { text = string.Concat(Enumerable.Repeat("${input.x}", 50)) } } },
        }) },
    };

    [Theory]
    [MemberData(nameof(BadWorkflows))]
    public async Task A_bad_workflow_gets_a_400_problem_and_creates_nothing(string name, string body)
    {
        using var client = platform.Host.CreateGatewayClient();
        var before = (await client.GetFromJsonAsync<PagedResult<WorkflowView>>("/api/v1/workflows?pageSize=1", TaskClient.Json))!.Total;
        var tasksBefore = await client.CountTasksAsync();

        using var response = await client.PostAsync("/api/v1/workflows", TaskClient.JsonContent(body));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, (await client.GetFromJsonAsync<PagedResult<WorkflowView>>("/api/v1/workflows?pageSize=1", TaskClient.Json))!.Total);
        Assert.Equal(tasksBefore, await client.CountTasksAsync());
    }

    [Fact]
    public async Task Cancelling_a_workflow_stops_its_steps_and_a_second_cancel_conflicts()
    {
        using var client = platform.Host.CreateGatewayClient();
        await platform.Host.StopResourceAsync(PlatformHost.AnalystResource);
        WorkflowView accepted;
        try
        {
            accepted = await client.SubmitWorkflowAsync(SummaryThenKeywordsAndLanguage);
            using var cancel = await client.DeleteAsync($"/api/v1/workflows/{accepted.Id}");
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }
        finally
        {
            await platform.Host.StartResourceAsync(PlatformHost.AnalystResource);
        }

        var cancelled = await client.GetWorkflowAsync(accepted.Id);
        Assert.Equal(WorkflowState.Cancelled, cancelled.Status);
        Assert.All(cancelled.Steps, s => Assert.Equal(StepState.Cancelled, s.Status));
        var firstTask = await client.GetTaskAsync(cancelled.Steps[0].TaskId!.Value);
        Assert.Equal(TaskState.Cancelled, firstTask.Status);

        using var again = await client.DeleteAsync($"/api/v1/workflows/{accepted.Id}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var stream = await client.GetAsync($"/api/v1/workflows/{accepted.Id}/events");
        Assert.Contains("event: end", await stream.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ten_step_workflow_survives_an_orchestrator_crash_with_every_step_run_exactly_once()
    {
        using var client = platform.Host.CreateGatewayClient();
        // Step 6 belongs to the reviewer, stopped, so the crash lands in the middle: 1-5 done, 6 queued, 7-10 waiting.
        var steps = Enumerable.Range(1, 10).Select(i => i == 6
            ? (object)new { id = "s6", capability = "code.review", input = new { language = "csharp", code = "class A { }" }, dependsOn = new[] { "s5" } }
            : new { id = $"s{i}", capability = "text.sentiment", input = new { text = i == 1 ? "good start" : $"step {i} after ${{steps.s{i - 1}.result.{(i == 7 ? "language" : "label")}}}" }, dependsOn = i == 1 ? Array.Empty<string>() : [$"s{i - 1}"] })
            .ToArray();

        await platform.Host.StopResourceAsync("agent-reviewer");
        WorkflowView accepted;
        try
        {
            accepted = await client.SubmitWorkflowAsync(new { name = "ten steps", steps });
            await client.WaitForWorkflowAsync(accepted.Id, w => w.Steps.Single(s => s.Id == "s6").Status == StepState.Running);
            await platform.Host.KillResourceAsync("orchestrator");
        }
        finally
        {
            await platform.Host.StartResourceAsync("agent-reviewer");
        }

        await platform.Host.StartResourceAsync("orchestrator");
        var done = await client.WaitUntilWorkflowEndsAsync(accepted.Id, TimeSpan.FromSeconds(90));

        Assert.Equal(WorkflowState.Completed, done.Status);
        Assert.All(done.Steps, s => Assert.Equal((StepState.Completed, 1), (s.Status, s.Attempts)));
        var tasks = (await client.GetFromJsonAsync<PagedResult<TaskView>>("/api/v1/tasks?pageSize=200", TaskClient.Json))!.Items;
        var stepTaskIds = done.Steps.Select(s => s.TaskId!.Value).ToHashSet();
        Assert.Equal(10, stepTaskIds.Count);
        Assert.All(stepTaskIds, id => Assert.Equal(TaskState.Completed, tasks.Single(t => t.Id == id).Status));
    }
}

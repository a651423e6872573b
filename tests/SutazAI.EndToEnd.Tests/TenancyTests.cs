using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SutazAI.Contracts;
using SutazAI.Contracts.Auth;
using SutazAI.Contracts.Tasks;
using SutazAI.Contracts.Workflows;
using SutazAI.Testing;
using static SutazAI.EndToEnd.Tests.ApiKeyTests;
using static SutazAI.EndToEnd.Tests.GatewayCalls;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// Two people on one platform, the second one hostile: with every scope a normal user gets, B finds nothing of A's
/// (404, never 403, so ids are not confirmed), and an admin sees both only when asking for it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TenancyTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_second_user_can_neither_see_nor_touch_the_first_users_work()
    {
        using var admin = platform.Host.CreateGatewayClient();
        var (alice, aliceId) = await SignedInUserAsync(admin, "alice");
        var (bob, bobId) = await SignedInUserAsync(admin, "bob");

        // Alice's work: a task that stays queued long enough to be cancelled, a workflow, a goal, a chat session.
        var task = await alice.SubmitAcceptedAsync("text.sentiment", new { text = "Alice is pleased with the result." });
        var workflow = await alice.SubmitWorkflowAsync(new
        {
            name = "alice's workflow",
            steps = new[] { new { id = "mood", capability = "text.sentiment", input = new { text = "A fine day." } } },
        });
        using var goalResponse = await alice.PostAsJsonAsync("/api/v1/goals", new { goal = "detect the language of this text", input = new { text = "Bonjour tout le monde." } });
        Assert.Equal(HttpStatusCode.Accepted, goalResponse.StatusCode);
        var goalWorkflow = (await goalResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("workflowId").GetGuid();
        using var sessionResponse = await alice.PostAsJsonAsync("/api/v1/chat/sessions", new { title = "alice's notes" });
        Assert.Equal(HttpStatusCode.Created, sessionResponse.StatusCode);
        var session = (await sessionResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // Bob finds none of it, by any route, and changes none of it.
        string[] aliceUrls =
        [
            $"/api/v1/tasks/{task.Id}", $"/api/v1/tasks/{task.Id}/events",
            $"/api/v1/workflows/{workflow.Id}", $"/api/v1/workflows/{workflow.Id}/events",
            $"/api/v1/workflows/{goalWorkflow}", $"/api/v1/chat/sessions/{session}",
        ];
        foreach (var url in aliceUrls)
        {
            using var read = await bob.GetAsync(url);
            await AssertProblemAsync(read, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }

        foreach (var url in (string[])[$"/api/v1/tasks/{task.Id}", $"/api/v1/workflows/{workflow.Id}", $"/api/v1/workflows/{goalWorkflow}", $"/api/v1/chat/sessions/{session}"])
        {
            using var delete = await bob.DeleteAsync(url);
            await AssertProblemAsync(delete, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }

        using (var deadLetters = await bob.GetAsync("/api/v1/admin/dead-letters"))
        {
            await AssertProblemAsync(deadLetters, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        }

        using (var everyone = await bob.GetAsync("/api/v1/tasks?owner=*"))
        {
            await AssertProblemAsync(everyone, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        }

        Assert.Empty(await TaskIdsAsync(bob, "/api/v1/tasks?pageSize=200"));
        Assert.Empty(await WorkflowIdsAsync(bob, "/api/v1/workflows?pageSize=100"));
        Assert.NotEqual(TaskState.Cancelled, (await alice.GetTaskAsync(task.Id)).Status);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/v1/chat/sessions/{session}")).StatusCode);

        // Bob cannot talk in Alice's conversation through a chat task: his task fails as if there were no such session.
        var intrusion = await bob.SubmitAcceptedAsync("chat.message", new { sessionId = session, message = "What did Alice say?" });
        var refused = await bob.WaitUntilFinalAsync(intrusion.Id, TimeSpan.FromSeconds(60));
        Assert.Equal(TaskState.Failed, refused.Status);
        Assert.Equal(ProblemTypes.InvalidInput, refused.Error!.Type);
        Assert.Contains("No chat session", refused.Error.Detail, StringComparison.Ordinal);
        // Alice's own message in it gets past the session to the LLM (none is configured here).
        var own = await alice.SubmitAcceptedAsync("chat.message", new { sessionId = session, message = "Remember this." });
        Assert.Equal(ProblemTypes.LlmUnavailable, (await alice.WaitUntilFinalAsync(own.Id, TimeSpan.FromSeconds(60))).Error!.Type);

        // A header naming Alice makes Bob's task no less his.
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks")
        {
            Content = JsonContent.Create(new { capability = "text.sentiment", input = new { text = "Bob pretends to be Alice." } }),
        };
        forged.Headers.Add(LlmHeaders.Requester, $"user:{aliceId:N}");
        using var forgedResponse = await bob.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Accepted, forgedResponse.StatusCode);
        var bobsTask = (await forgedResponse.Content.ReadFromJsonAsync<TaskView>(TaskClient.Json))!;

        // Each sees exactly their own; the admin sees both only when asking for everyone's, or one owner's.
        var aliceTasks = await TaskIdsAsync(alice, "/api/v1/tasks?pageSize=200");
        Assert.Contains(task.Id, aliceTasks);
        Assert.DoesNotContain(bobsTask.Id, aliceTasks);
        Assert.Equal([bobsTask.Id, intrusion.Id], await TaskIdsAsync(bob, "/api/v1/tasks?pageSize=200"));
        Assert.Contains(workflow.Id, await WorkflowIdsAsync(alice, "/api/v1/workflows?pageSize=100"));

        Assert.DoesNotContain(task.Id, await TaskIdsAsync(admin, "/api/v1/tasks?pageSize=200"));
        using (var adminRead = await admin.GetAsync($"/api/v1/tasks/{task.Id}"))
        {
            await AssertProblemAsync(adminRead, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }

        var all = await TaskIdsAsync(admin, "/api/v1/tasks?owner=*&pageSize=200");
        Assert.Contains(task.Id, all);
        Assert.Contains(bobsTask.Id, all);
        Assert.Equal([bobsTask.Id, intrusion.Id], await TaskIdsAsync(admin, $"/api/v1/tasks?owner=user:{bobId:N}&pageSize=200"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/tasks/{task.Id}?owner=*")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/workflows/{workflow.Id}?owner=*")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/chat/sessions/{session}?owner=*")).StatusCode);

        // The steps of Alice's workflow ran as Alice's tasks.
        var done = await alice.WaitUntilWorkflowEndsAsync(workflow.Id, TimeSpan.FromSeconds(90));
        var stepTask = done.Steps.Single().TaskId!.Value;
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/v1/tasks/{stepTask}")).StatusCode);
        using (var stepForBob = await bob.GetAsync($"/api/v1/tasks/{stepTask}"))
        {
            await AssertProblemAsync(stepForBob, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }
    }

    [Fact]
    public async Task A_users_keys_act_for_the_user_and_die_with_the_key_that_made_them()
    {
        using var admin = platform.Host.CreateGatewayClient();
        var (carol, _) = await SignedInUserAsync(admin, "carol");
        var parent = await CreateKeyAsync(carol, "parent", [ApiScopes.TasksRead, ApiScopes.TasksWrite], DateTimeOffset.UtcNow.AddDays(1));
        using var parentClient = KeyClient(parent.Key);
        var child = await CreateKeyAsync(parentClient, "child", [ApiScopes.TasksRead], DateTimeOffset.UtcNow.AddDays(30));
        Assert.True(child.ExpiresAt <= parent.ExpiresAt, $"the child key expires {child.ExpiresAt}, after its parent's {parent.ExpiresAt}");

        // Work made with the parent key is Carol's: her token sees it, and so does the child key.
        var task = await parentClient.SubmitAcceptedAsync("text.sentiment", new { text = "Made with a key." });
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync($"/api/v1/tasks/{task.Id}")).StatusCode);
        using var childClient = KeyClient(child.Key);
        Assert.Equal(HttpStatusCode.OK, (await childClient.GetAsync($"/api/v1/tasks/{task.Id}")).StatusCode);
        var listed = await carol.GetFromJsonAsync<List<ApiKeyView>>("/api/v1/keys");
        Assert.Equal([child.Id, parent.Id], listed!.Select(k => k.Id));

        // Revoking the parent revokes the child; the key cache bounds how late (2 s), generously here.
        using (var revoke = await carol.DeleteAsync($"/api/v1/keys/{parent.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await childClient.GetAsync("/api/v1/tasks")).StatusCode != HttpStatusCode.Unauthorized)
        {
            Assert.True(DateTime.UtcNow < deadline, "the child key still works 30 s after its parent was revoked");
            await Task.Delay(200);
        }

        Assert.All(await carol.GetFromJsonAsync<List<ApiKeyView>>("/api/v1/keys") ?? [], k => Assert.NotNull(k.RevokedAt));
    }

    [Fact]
    public async Task A_user_holds_at_most_the_configured_number_of_live_keys()
    {
        using var admin = platform.Host.CreateGatewayClient();
        var (dave, _) = await SignedInUserAsync(admin, "dave");
        var keys = new List<CreatedApiKey>();
        for (var i = 0; i < 25; i++)
        {
            keys.Add(await CreateKeyAsync(dave, $"key {i}", [ApiScopes.TasksRead]));
        }

        // The 26th is refused whichever of Dave's identities asks; revoking one makes room again.
        using var viaKey = KeyClient(keys[0].Key);
        foreach (var client in new[] { dave, viaKey })
        {
            using var refused = await client.PostAsJsonAsync("/api/v1/keys", new CreateApiKeyRequest("one too many", [ApiScopes.TasksRead]));
            await AssertProblemAsync(refused, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await dave.DeleteAsync($"/api/v1/keys/{keys[^1].Id}")).StatusCode);
        await CreateKeyAsync(dave, "room again", [ApiScopes.TasksRead]);
    }

    [Fact]
    public async Task Twenty_keys_of_one_user_share_one_rate_limit()
    {
        const int limit = 20;
        await using var gateway = await GatewayProcess.StartAsync(platform.Host,
            [$"Gateway:RateLimits:Tasks:PermitLimit={limit}", $"Gateway:RateLimits:KeyPrefix=test-{Guid.NewGuid():N}"]);
        using var admin = platform.Host.CreateGatewayClient();
        var (erin, _) = await SignedInUserAsync(admin, "erin");
        var clients = new List<HttpClient>();
        for (var i = 0; i < limit; i++)
        {
            clients.Add(gateway.CreateClient((await CreateKeyAsync(erin, $"key {i}", [ApiScopes.TasksRead])).Key));
        }

        // One request per key uses up Erin's allowance; the next is refused whichever key sends it.
        foreach (var client in clients)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/tasks")).StatusCode);
        }

        foreach (var client in new[] { clients[0], clients[^1] })
        {
            using var refused = await client.GetAsync("/api/v1/tasks");
            await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, ProblemTypes.RateLimited);
        }

        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Raising_priority_and_LLM_capabilities_need_their_scopes()
    {
        using var admin = platform.Host.CreateGatewayClient();
        var (frank, _) = await SignedInUserAsync(admin, "frank");
        var worker = await CreateKeyAsync(frank, "no chat", [ApiScopes.TasksRead, ApiScopes.TasksWrite]);
        using var workerClient = KeyClient(worker.Key);
        var before = await admin.CountTasksAsync();

        using (var urgent = await frank.SubmitAsync("text.sentiment", new { text = "Me first." }, priority: 9))
        {
            await AssertProblemAsync(urgent, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
            Assert.Contains(ApiScopes.TasksPriority, await urgent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Accepted, (await frank.SubmitAsync("text.sentiment", new { text = "In my turn." }, priority: 5)).StatusCode);
        using (var chat = await workerClient.SubmitAsync("chat.message", new { message = "hello" }))
        {
            await AssertProblemAsync(chat, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
            Assert.Contains("'chat'", await chat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var viaWorkflow = await workerClient.PostAsJsonAsync("/api/v1/workflows", new
        {
            steps = new[] { new { id = "ask", capability = "code.generate", input = new { language = "csharp", instruction = "Write hello world." } } },
        }))
        {
            await AssertProblemAsync(viaWorkflow, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        }

        using (var goal = await workerClient.PostAsJsonAsync("/api/v1/goals", new { goal = "summarise this text", input = new { text = "A long text." } }))
        {
            await AssertProblemAsync(goal, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        }

        // Frank's own token holds 'chat', so the same task is accepted for him; the admin may raise priority.
        Assert.Equal(HttpStatusCode.Accepted, (await frank.SubmitAsync("chat.message", new { message = "hello" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.SubmitAsync("text.sentiment", new { text = "Urgent." }, priority: 9)).StatusCode);
        Assert.Equal(before + 1, await admin.CountTasksAsync());
    }

    private Task<(HttpClient Client, Guid UserId)> SignedInUserAsync(HttpClient admin, string stem) => GatewayCalls.SignedInUserAsync(platform.Host, admin, stem);

    private HttpClient KeyClient(string key)
    {
        var client = platform.Host.CreateGatewayClient(withApiKey: false);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static async Task<List<Guid>> TaskIdsAsync(HttpClient client, string url) =>
        (await client.GetFromJsonAsync<PagedResult<TaskView>>(url, TaskClient.Json))!.Items.Select(t => t.Id).ToList();

    private static async Task<List<Guid>> WorkflowIdsAsync(HttpClient client, string url) =>
        (await client.GetFromJsonAsync<PagedResult<WorkflowView>>(url, TaskClient.Json))!.Items.Select(w => w.Id).ToList();
}

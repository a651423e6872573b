using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;

namespace SutazAI.Web.Tests;

[Collection(ConsoleCollection.Name)]
public sealed partial class PageTests(ConsoleFixture platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Text_sentiment_submitted_from_the_generated_form_reaches_Completed_with_its_gauge()
    {
        await using var context = await platform.NewContextAsync();
        var page = await platform.SignInAsync(context, ConsoleFixture.Person);

        await page.Locator("#field-text").FillAsync("I adore this lovely little café, the staff are wonderful.");
        await page.GetByTestId("submit-task").ClickAsync();

        await page.WaitForURLAsync(TaskPage());
        await Assertions.Expect(page.GetByTestId("task-status").Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = (float)Patience.TotalMilliseconds });
        var gauge = page.GetByTestId("sentiment-gauge");
        await Assertions.Expect(gauge).ToBeVisibleAsync();
        await Assertions.Expect(gauge).ToContainTextAsync("positive");
        Assert.True(double.Parse((await gauge.GetAttributeAsync("data-score"))!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        await Assertions.Expect(page.GetByTestId("task-events")).ToContainTextAsync("Completed");
    }

    [Fact]
    public async Task A_field_violating_the_schema_shows_an_inline_message_and_sends_nothing()
    {
        await using var context = await platform.NewContextAsync();
        var page = await platform.SignInAsync(context, ConsoleFixture.Person);
        using var api = await platform.ClientAsAsync(ConsoleFixture.Person);
        var before = (await api.GetFromJsonAsync<PagedResult<TaskView>>("/api/v1/tasks?pageSize=1", TaskClient.Json))!.Total;
        var submissions = 0;
        page.Request += (_, request) => submissions += request.Url.Contains("/api/v1/tasks", StringComparison.Ordinal) && request.Method == "POST" ? 1 : 0;

        await page.GetByTestId("submit-task").ClickAsync();

        var field = page.Locator("[data-field=text]");
        await Assertions.Expect(field).ToContainTextAsync("Required.");
        await page.WaitForTimeoutAsync(500);
        Assert.Matches(TasksPage(), page.Url);
        Assert.Equal(0, submissions);
        Assert.Equal(before, (await api.GetFromJsonAsync<PagedResult<TaskView>>("/api/v1/tasks?pageSize=1", TaskClient.Json))!.Total);
    }

    [Fact]
    public async Task A_chat_reply_grows_in_the_page_piece_by_piece()
    {
        platform.Ollama.Responder = _ => new FakeReply(["The answer ", "grows ", "in ", "several ", "pieces."], TimeSpan.FromMilliseconds(400));
        await using var context = await platform.NewContextAsync();
        var page = await platform.SignInAsync(context, ConsoleFixture.Person, "/chat");
        await page.GetByTestId("new-chat").ClickAsync();
        await page.WaitForURLAsync(ChatSessionPage());

        await page.Locator("#chat-input").FillAsync("Tell me something in pieces.");
        await page.GetByTestId("chat-send").ClickAsync();

        // Every text the reply showed on its way, read as it changed.
        var seen = new List<string>();
        var reply = page.GetByTestId("chat-reply");
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var text = (await reply.InnerTextAsync()).Trim();
            if (text.Length > 0 && (seen.Count == 0 || seen[^1] != text))
            {
                seen.Add(text);
            }

            if (text.Contains("pieces.", StringComparison.Ordinal))
            {
                break;
            }

            await page.WaitForTimeoutAsync(50);
        }

        Assert.Equal("The answer grows in several pieces.", seen[^1]);
        Assert.True(seen.Count >= 3, $"The reply appeared in {seen.Count} step(s): {string.Join(" | ", seen)}");
        Assert.All(seen.Zip(seen.Skip(1)), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("chat-model")).ToContainTextAsync("model:");
    }

    [Fact]
    public async Task Stopping_a_running_chat_cancels_its_task()
    {
        platform.Ollama.Responder = _ => new FakeReply([.. Enumerable.Range(0, 60).Select(i => $"word{i} ")], TimeSpan.FromMilliseconds(500));
        await using var context = await platform.NewContextAsync();
        var page = await platform.SignInAsync(context, ConsoleFixture.Person, "/chat");
        await page.GetByTestId("new-chat").ClickAsync();
        await page.WaitForURLAsync(ChatSessionPage());
        await page.Locator("#chat-input").FillAsync("Talk for a long time.");
        await page.GetByTestId("chat-send").ClickAsync();
        await Assertions.Expect(page.GetByTestId("chat-reply")).ToContainTextAsync("word1", new() { Timeout = (float)Patience.TotalMilliseconds });

        await page.GetByTestId("chat-stop").ClickAsync();

        await Assertions.Expect(page.GetByTestId("chat-outcome")).ToHaveTextAsync("Stopped.", new() { Timeout = (float)Patience.TotalMilliseconds });
        using var api = await platform.ClientAsAsync(ConsoleFixture.Person);
        var chats = (await api.GetFromJsonAsync<PagedResult<TaskView>>("/api/v1/tasks?pageSize=1&agent=chat", TaskClient.Json))!;
        Assert.Equal(TaskState.Cancelled, chats.Items[0].Status);
        Assert.DoesNotContain("word59", await page.GetByTestId("chat-reply").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_goal_typed_in_words_shows_its_plan_as_a_graph_whose_nodes_all_end_green()
    {
        platform.Ollama.Responder = request =>
            FakeOllama.IsPlanning(request)
                ? FakeReply.Text("""
                    {"name":"mood and language","steps":[
                      {"id":"mood","capability":"text.sentiment","input":{"text":"I adore this lovely little café."}},
                      {"id":"lang","capability":"text.language","input":{"text":"I adore this lovely little café."}},
                      {"id":"words","capability":"text.keywords","input":{"text":"I adore this lovely little café."},"dependsOn":["mood","lang"]}]}
                    """)
                : FakeReply.Text("unrelated");
        await using var context = await platform.NewContextAsync();
        var page = await platform.SignInAsync(context, ConsoleFixture.Person, "/goals");

        await page.Locator("#goal").FillAsync("Tell me the mood and the language of my sentence, then its keywords");
        await page.GetByTestId("start-goal").ClickAsync();
        await page.WaitForURLAsync(WorkflowPage());

        var graph = page.GetByTestId("plan-graph");
        await Assertions.Expect(graph.Locator("[data-step=words]")).ToBeVisibleAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(page.GetByTestId("workflow-status")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = (float)Patience.TotalMilliseconds });
        var nodes = graph.Locator("[data-step]");
        Assert.True(await nodes.CountAsync() >= 3);
        foreach (var node in await nodes.AllAsync())
        {
            Assert.Equal("Completed", await node.GetAttributeAsync("data-state"));
            var stroke = await node.Locator("rect").EvaluateAsync<string>("r => getComputedStyle(r).stroke");
            var green = await page.EvaluateAsync<string>("() => { const e = document.createElement('i'); e.style.color = 'var(--mud-palette-success)'; document.body.append(e); const c = getComputedStyle(e).color; e.remove(); return c; }");
            Assert.Equal(green, stroke);
        }

        Assert.True(await graph.Locator("line").CountAsync() >= 2);
    }

    [Fact]
    public async Task An_API_key_secret_is_shown_once_and_is_gone_after_a_reload()
    {
        await using var context = await platform.NewContextAsync();
        var page = await platform.SignInAsync(context, ConsoleFixture.Admin, "/keys");

        await page.Locator("#key-name").FillAsync("console test key");
        await page.GetByTestId("create-key").ClickAsync();
        var secret = (await page.GetByTestId("new-key-secret").InnerTextAsync()).Trim();
        Assert.True(secret.Length >= 32, secret);
        await Assertions.Expect(page.GetByTestId("copy-key")).ToBeVisibleAsync();

        // The key works: the gateway takes it.
        using (var client = platform.Host.CreateGatewayClient(withApiKey: false))
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", secret);
            using var me = await client.GetAsync("/api/v1/auth/me");
            Assert.True(me.IsSuccessStatusCode);
        }

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("key-list")).ToContainTextAsync("console test key");
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByTestId("new-key-secret").CountAsync());
    }

    [Fact]
    public async Task A_person_without_the_admin_scope_sees_no_admin_pages_and_gets_403_from_their_address()
    {
        await using var context = await platform.NewContextAsync();
        var page = await platform.SignInAsync(context, ConsoleFixture.Person);
        Assert.Equal(0, await page.GetByTestId("admin-nav").CountAsync());

        foreach (var path in (string[])["/admin/status", "/admin/dead-letters"])
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("403");
        }

        await using var admin = await platform.NewContextAsync();
        var adminPage = await platform.SignInAsync(admin, ConsoleFixture.Admin, "/admin/status");
        await Assertions.Expect(adminPage.GetByTestId("admin-nav")).ToBeVisibleAsync();
        await Assertions.Expect(adminPage.GetByTestId("service-status")).ToContainTextAsync("orchestrator", new() { Timeout = (float)Patience.TotalMilliseconds });
        // The SLO charts read the platform's own metrics: the gateway has answered requests, so the rate has data.
        var rate = adminPage.Locator("[data-testid=slo-chart][data-figure='Requests per second']");
        await Assertions.Expect(rate).Not.ToContainTextAsync("no data yet", new() { Timeout = (float)TimeSpan.FromMinutes(3).TotalMilliseconds });
        Assert.Equal(5, await adminPage.GetByTestId("slo-chart").CountAsync());
    }

    [Fact]
    public async Task An_admin_creates_a_user_grants_a_scope_and_lifts_a_lockout()
    {
        var name = $"carol{Guid.NewGuid():N}"[..16];
        await using var context = await platform.NewContextAsync();
        var page = await platform.SignInAsync(context, ConsoleFixture.Admin, "/admin/users");

        await page.Locator("#new-username").FillAsync(name);
        await page.Locator("#new-password").FillAsync(ConsoleFixture.Password);
        await page.GetByTestId("create-user").ClickAsync();
        await Assertions.Expect(page.GetByTestId("users-message")).ToContainTextAsync($"{name} can sign in now.");
        var row = page.Locator($"[data-testid=user-row][data-user={name}]");
        // Twice in CI the new row never appeared in the same circuit (cause not found yet): the list as read anew must show it.
        if (await row.CountAsync() == 0)
        {
            await page.ReloadAsync();
        }

        await row.GetByLabel("tasks:priority").CheckAsync();
        await Assertions.Expect(page.GetByTestId("users-message")).ToContainTextAsync("tasks:priority");
        using (var carol = await platform.ClientAsAsync(name))
        {
            var me = await carol.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/auth/me");
            Assert.Contains("tasks:priority", me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        }

        // Five wrong passwords lock this address out of the account; the admin lifts it.
        using var anonymous = platform.Host.CreateGatewayClient(withApiKey: false);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = name, password = $"wrong-{i}" });
        }

        using (var locked = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = name, password = ConsoleFixture.Password }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, locked.StatusCode);
        }

        await page.ReloadAsync();
        await row.GetByTestId("unlock").ClickAsync();
        await Assertions.Expect(page.GetByTestId("users-message")).ToContainTextAsync("may sign in again");
        using var unlocked = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = name, password = ConsoleFixture.Password });
        Assert.True(unlocked.IsSuccessStatusCode);
    }

    [GeneratedRegex(@"/tasks/[0-9a-f-]{36}$")]
    private static partial Regex TaskPage();

    [GeneratedRegex(@"/tasks$")]
    private static partial Regex TasksPage();

    [GeneratedRegex(@"/chat/[0-9a-f-]{36}$")]
    private static partial Regex ChatSessionPage();

    [GeneratedRegex(@"/workflows/[0-9a-f-]{36}$")]
    private static partial Regex WorkflowPage();
}

using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions;
using SutazAI.Client;
using SutazAI.Client.Authentication;
using SutazAI.Client.Json;
using SutazAI.Client.Problems;
using SutazAI.Client.Streams;
using SutazAI.Contracts;
using SutazAI.Testing;
using Xunit.Abstractions;
using Api = SutazAI.Client.Api.Models;

namespace SutazAI.Llm.Tests;

/// <summary>
/// <c>SutazAI.Client</c> against the real platform, as another team's program would use it: every public endpoint group
/// through the generated calls, and the hand-written parts (sign-in and refresh, streams that survive a dropped
/// connection, waiting for tasks, chat replies as written, uploads, problems as exceptions).
/// </summary>
[Collection(LlmPlatformCollection.Name)]
public sealed class ClientTests(LlmPlatformFixture platform, ITestOutputHelper output)
{
    private static readonly string Secret = $"pw-{Guid.NewGuid():N}";

    private Uri Gateway
    {
        get
        {
            using var http = platform.Host.CreateGatewayClient(withApiKey: false);
            return http.BaseAddress!;
        }
    }

    [Fact]
    public async Task A_user_reaches_every_endpoint_group_through_the_client()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = request => new FakeReply(["Hello ", "from ", "the ", "client."]);
        using var admin = SutazAIClient.Create(new SutazAIClientOptions { BaseAddress = Gateway, ApiKey = platform.Host.ApiKey });
        var username = $"client-{Guid.NewGuid():N}"[..20];

        // auth: registered by the admin, signed in by name and password.
        await admin.V1.Auth.Register.PostAsync(new Api.RegisterRequest { Username = username, Password = Secret });
        var issued = new List<SignedInTokens>();
        using var user = SutazAIClient.Create(new SutazAIClientOptions { BaseAddress = Gateway, UserName = username, Password = Secret, TokensIssued = issued.Add });
        var me = (await user.V1.Auth.Me.GetAsync())!;
        Assert.Equal((username, "user"), (me.Name, me.Kind));

        // status (an operator's view), agents, capabilities, models (ours and OpenAI's list).
        Assert.NotEmpty((await admin.V1.Status.GetAsync())!.Services!);
        Assert.NotNull(await admin.V1.Status.Slo.GetAsync());
        Assert.Contains((await user.V1.Agents.GetAsync())!, agent => agent.Agent == "analyst");
        Assert.NotNull(await user.V1.Agents.Activity.GetAsync());
        Assert.Contains((await user.V1.Capabilities.GetAsync())!, capability => capability.Name == "text.sentiment");
        Assert.Equal("text.sentiment", (await user.V1.Capabilities.Route.PostAsync(new Api.RouteRequest { Text = "how does the customer feel in this comment: the staff were rude" }))!.Chosen);
        Assert.NotNull(await user.V1.Models.GetAsync());
        Assert.NotNull((await user.OpenAI.Models.GetAsync())!.Data);

        // tasks: run one to its end, list, a batch.
        var progress = new List<TaskStreamEvent>();
        var done = await user.RunTaskAsync("text.sentiment", new { text = "I love how fast and friendly this was." }, new Progress<TaskStreamEvent>(progress.Add));
        Assert.Equal(Api.TaskState.Completed, done.Status);
        Assert.Equal("positive", done.Result.ToElement().GetProperty("label").GetString());
        Assert.Contains((await user.V1.Tasks.GetAsync())!.Items!, task => task.Id == done.Id);
        var batch = (await user.V1.Tasks.Batch.PostAsync(new Api.SubmitBatchRequest
        {
            Tasks = [.. Enumerable.Range(0, 3).Select(i => new Api.SubmitTaskRequest { Capability = "text.language", Input = UntypedJson.From(new { text = $"This is batch text number {i}." }) })],
        }))!;
        Assert.Equal(3, batch.Tasks!.Count);

        // workflows and goals, followed to their end.
        var workflow = (await user.V1.Workflows.PostAsync(new Api.SubmitWorkflowRequest
        {
            Name = "client workflow",
            Input = UntypedJson.From(new { text = "The results were wonderful." }),
            Steps =
            [
                new Api.WorkflowStepRequest { Id = "mood", Capability = "text.sentiment", Input = UntypedJson.From(new { text = "${input.text}" }) },
                new Api.WorkflowStepRequest { Id = "words", Capability = "text.keywords", Input = UntypedJson.From(new { text = "${input.text}" }), DependsOn = ["mood"] },
            ],
        }))!;
        Assert.Equal(Api.WorkflowState.Completed, (await user.WaitForWorkflowAsync(workflow.Id!.Value)).Status);
        var goal = (await user.V1.Goals.PostAsync(new Api.GoalRequest { Goal = "detect the language of this text", Input = UntypedJson.From(new { text = "Bonjour tout le monde." }) }))!;
        Assert.NotNull((await user.WaitForWorkflowAsync(goal.WorkflowId!.Value)).Status);

        // chat: a session, a reply as it is written, the history.
        var session = (await user.V1.Chat.Sessions.PostAsync(new Api.CreateChatSessionRequest { Title = "client chat" }))!;
        var reply = new StringBuilder();
        await foreach (var piece in user.ChatAsync(session.Id!.Value, "Say hello."))
        {
            reply.Append(piece);
        }

        Assert.Equal("Hello from the client.", reply.ToString());
        Assert.Equal(2, (await user.V1.Chat.Sessions[session.Id!.Value].GetAsync())!.Messages!.Count);
        Assert.Contains((await user.V1.Chat.Sessions.GetAsync())!.Items!, s => s.Id == session.Id);

        // knowledge: an uploaded file and a text, searched and asked, then deleted.
        var collection = $"client-{Guid.NewGuid():N}"[..20];
        using var file = new MemoryStream(Encoding.UTF8.GetBytes("# Harbour notes\n\nThe lighthouse keeper feeds eleven cormorants every morning."));
        var uploaded = await user.UploadDocumentAsync(file, "harbour.md", collection);
        Assert.Equal(Api.TaskState.Completed, (await user.WaitForCompletionAsync(uploaded.Document!.TaskId!.Value)).Status);
        var text = (await user.V1.Knowledge.Documents.PostAsync(new Api.TextDocumentRequest { Collection = collection, Name = "garden", Text = "The greenhouse holds forty tomato plants." }))!;
        await user.WaitForCompletionAsync(text.Document!.TaskId!.Value);
        var hits = (await user.V1.Knowledge.Search.PostAsync(new Api.SearchRequest { Query = "cormorants", Collection = collection }))!.Hits!;
        Assert.Equal(uploaded.Document.Id, hits[0].DocumentId);
        Assert.Contains((await user.V1.Knowledge.Collections.GetAsync())!, c => c.Name == collection);
        platform.Ollama.Responder = request => FakeReply.Text("The keeper feeds eleven cormorants [1].");
        var answer = (await user.V1.Knowledge.Ask.PostAsync(new Api.AskRequest { Question = "How many cormorants are fed?", Collection = collection }))!;
        Assert.Equal(uploaded.Document.Id, Assert.Single(answer.Citations!).DocumentId);
        await user.V1.Knowledge.Documents[uploaded.Document.Id!.Value].DeleteAsync();
        Assert.DoesNotContain((await user.V1.Knowledge.Search.PostAsync(new Api.SearchRequest { Query = "cormorants", Collection = collection }))!.Hits!, hit => hit.DocumentId == uploaded.Document.Id);

        // keys: one made, used, listed and revoked; a revoked key is refused with a problem.
        var key = (await user.V1.Keys.PostAsync(new Api.CreateApiKeyRequest { Name = "client key", Scopes = ["tasks:read"] }))!;
        using var keyed = SutazAIClient.Create(new SutazAIClientOptions { BaseAddress = Gateway, ApiKey = key.Key });
        Assert.Equal("key", (await keyed.V1.Auth.Me.GetAsync())!.Kind);
        Assert.Contains((await user.V1.Keys.GetAsync())!, k => k.Id == key.Id);
        await user.V1.Keys[key.Id!.Value].DeleteAsync();
        Assert.Equal(401, (await RefusedWithinAsync(() => keyed.V1.Auth.Me.GetAsync(), TimeSpan.FromSeconds(30))).ResponseStatusCode);

        // admin: refused to a user, as a typed problem; allowed to the admin.
        var refused = await Assert.ThrowsAnyAsync<ApiException>(() => user.V1.Admin.DeadLetters.GetAsync());
        Assert.Equal((403, ProblemTypes.Forbidden), (refused.ResponseStatusCode, ((IProblem)refused).Type));
        Assert.NotNull(await admin.V1.Admin.DeadLetters.GetAsync());

        // Signing out gives up the refresh token: a later program cannot sign in with it.
        await user.V1.Auth.Logout.PostAsync(new Api.RefreshRequest { RefreshToken = issued[^1].RefreshToken });
        using var afterLogout = SutazAIClient.Create(new SutazAIClientOptions { BaseAddress = Gateway, RefreshToken = issued[^1].RefreshToken });
        Assert.Equal(401, (await Assert.ThrowsAnyAsync<ApiException>(() => afterLogout.V1.Auth.Me.GetAsync())).ResponseStatusCode);
        output.WriteLine($"progress events while waiting: {progress.Count}");
    }

    [Fact]
    public async Task Bad_input_comes_back_as_a_typed_problem_naming_the_field()
    {
        using var client = SutazAIClient.Create(new SutazAIClientOptions { BaseAddress = Gateway, ApiKey = platform.Host.ApiKey });

        var unknown = await Assert.ThrowsAnyAsync<ApiException>(() => client.SubmitTaskAsync("no.such.capability", new { text = "x" }));
        var problem = Assert.IsAssignableFrom<IProblem>(unknown);
        output.WriteLine($"{problem.Status} {problem.Type}: {problem.Detail}");
        Assert.InRange(unknown.ResponseStatusCode, 400, 422);
        Assert.Equal(ProblemTypes.UnknownCapability, problem.Type);
        Assert.False(string.IsNullOrWhiteSpace(unknown.Message));

        var invalid = await Assert.ThrowsAnyAsync<ApiException>(() => client.SubmitTaskAsync("text.sentiment", new { words = 3 }));
        Assert.Equal(400, invalid.ResponseStatusCode);
        Assert.NotEmpty(((IProblem)invalid).FieldErrors);
    }

    [Fact]
    public async Task A_stream_cut_mid_way_resumes_where_it_broke_with_no_event_lost_or_repeated()
    {
        platform.Ollama.Reset();
        var words = Enumerable.Range(1, 24).Select(i => $"word{i} ").ToArray();
        platform.Ollama.Responder = _ => new FakeReply(words, TimeSpan.FromMilliseconds(50));
        var options = new SutazAIClientOptions { BaseAddress = Gateway, ApiKey = platform.Host.ApiKey };
        var cutter = new DroppingStreamHandler(cutAfterBytes: 400, cuts: 3) { InnerHandler = new SocketsHttpHandler() };
        using var session = new TokenSession(options);
        using var http = new HttpClient(new CredentialsHandler(options, session) { InnerHandler = cutter }) { BaseAddress = Gateway };
        using var client = new SutazAIClient(http, options);

        var task = await client.SubmitTaskAsync("chat.message", new { message = "Count for me." });
        var events = new List<TaskStreamEvent>();
        await foreach (var change in client.FollowTaskAsync(task.Id!.Value))
        {
            events.Add(change);
        }

        output.WriteLine($"{events.Count} events over {cutter.Connections} connections, {cutter.Cut} cut; resumed from {string.Join(", ", cutter.ResumedFrom)}");
        Assert.True(cutter.Cut >= 1, "no connection was cut: the test did not test resuming");
        Assert.Contains(cutter.ResumedFrom, id => id is not null);
        var pieces = events.Where(e => e.Output is not null).Select(e => e.Output!).ToList();
        Assert.Equal(Enumerable.Range(0, pieces.Count), pieces.Select(p => p.Sequence));
        Assert.Equal(string.Concat(words), string.Concat(pieces.Select(p => p.Text)));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.True(Assert.Single(events, e => e.IsEnd).Status!.Status == Api.TaskState.Completed);
        Assert.True(events[^1].IsEnd);
    }

    [Fact]
    public async Task A_signed_in_client_refreshes_its_token_before_it_expires_and_reports_the_new_pair()
    {
        using var admin = SutazAIClient.Create(new SutazAIClientOptions { BaseAddress = Gateway, ApiKey = platform.Host.ApiKey });
        var username = $"refresh-{Guid.NewGuid():N}"[..20];
        await admin.V1.Auth.Register.PostAsync(new Api.RegisterRequest { Username = username, Password = Secret });
        var clock = new AdjustableClock();
        var issued = new List<SignedInTokens>();
        using var user = SutazAIClient.Create(new SutazAIClientOptions { BaseAddress = Gateway, UserName = username, Password = Secret, TimeProvider = clock, TokensIssued = issued.Add });

        await user.V1.Auth.Me.GetAsync();
        await user.V1.Auth.Me.GetAsync();
        Assert.Single(issued);

        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(username, (await user.V1.Auth.Me.GetAsync())!.Name);
        Assert.Equal(2, issued.Count);
        Assert.NotEqual(issued[0].RefreshToken, issued[1].RefreshToken);

        // A later program signs in with the kept refresh token alone.
        using var later = SutazAIClient.Create(new SutazAIClientOptions { BaseAddress = Gateway, RefreshToken = issued[1].RefreshToken });
        Assert.Equal(username, (await later.V1.Auth.Me.GetAsync())!.Name);

        // A wrong password is an authentication problem, not a crash.
        using var wrong = SutazAIClient.Create(new SutazAIClientOptions { BaseAddress = Gateway, UserName = username, Password = Secret + "-wrong" });
        var refused = await Assert.ThrowsAnyAsync<ApiException>(() => wrong.V1.Auth.Me.GetAsync());
        Assert.Equal(401, refused.ResponseStatusCode);
    }

    [Fact]
    public async Task The_client_registered_with_the_http_client_factory_works_with_resilience_in_its_pipeline()
    {
        var services = new ServiceCollection();
        services.AddSutazAIClient(options => (options.BaseAddress, options.ApiKey) = (Gateway, platform.Host.ApiKey));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<SutazAIClient>();

        var done = await client.RunTaskAsync("text.sentiment", new { text = "What a wonderful, delightful day." });
        Assert.Equal(Api.TaskState.Completed, done.Status);
        Assert.Equal("positive", done.Result.ToElement().GetProperty("label").GetString());
    }

    /// <summary>A revocation reaches every gateway's key cache within seconds; the call is repeated until it is refused.</summary>
    private static async Task<ApiException> RefusedWithinAsync(Func<Task> call, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                await call();
            }
            catch (ApiException refused)
            {
                return refused;
            }

            Assert.True(DateTime.UtcNow < until, $"still accepted after {limit}");
            await Task.Delay(250);
        }
    }

    private sealed class AdjustableClock : TimeProvider
    {
        private TimeSpan _offset;

        public void Advance(TimeSpan by) => _offset += by;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;
    }
}

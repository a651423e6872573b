using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using SutazAI.Contracts;
using SutazAI.Contracts.Integration;
using SutazAI.Contracts.Tasks;
using Xunit.Abstractions;

namespace SutazAI.PartnerService.Tests;

/// <summary>
/// Another team's service on the platform's RabbitMQ, with the RabbitMQ user the AppHost made for it (Bus:Clients):
/// it submits over the bus and hears back on a queue of its own, and can neither pass for another client nor write
/// anywhere else.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BusInterfaceTests(PlatformUnderTest platform, ITestOutputHelper output)
{
    private const string Client = PlatformUnderTest.Client;

    [Fact]
    public async Task A_service_on_the_bus_submits_100_tasks_and_hears_each_accepted_and_completed_on_its_own_queue()
    {
        await using var partner = await PartnerService.StartAsync(platform, "events");
        using var admin = platform.CreateGatewayClient();
        var before = await CountTasksAsync(admin);

        var commands = Enumerable.Range(0, 100).Select(_ => NewId.NextGuid()).ToList();
        foreach (var (id, i) in commands.Select((id, i) => (id, i)))
        {
            await partner.SubmitAsync(id, new SubmitTask("text.sentiment", Input(new { text = $"bus {i}: the staff were wonderful and I am delighted" })));
        }

        await WaitUntilAsync(() => commands.All(partner.Accepted.ContainsKey), TimeSpan.FromSeconds(120), "100 commands accepted");
        var taskIds = commands.Select(id => partner.Accepted[id].TaskId).ToList();
        await WaitUntilAsync(() => taskIds.All(partner.Completed.ContainsKey), TimeSpan.FromSeconds(180), "100 tasks completed");
        output.WriteLine($"accepted {partner.Accepted.Count}, completed {partner.Completed.Count}, rejected {partner.Rejected.Count}");

        Assert.Empty(partner.Rejected);
        Assert.Equal(100, taskIds.Distinct().Count());
        Assert.All(taskIds, id => Assert.Equal("positive", partner.Completed[id].Result.GetProperty("label").GetString()));
        Assert.All(commands, id => Assert.Equal("analyst", partner.Accepted[id].Agent));
        // The tasks belong to the client: an admin finds them under its owner, and the task API agrees with the events.
        Assert.Equal(before + 100, await CountTasksAsync(admin));
        var one = await admin.GetFromJsonAsync<TaskView>($"/api/v1/tasks/{taskIds[0]}?owner={Uri.EscapeDataString(BusTopology.Owner(Client))}", Json);
        Assert.Equal(TaskState.Completed, one!.Status);
        Assert.Equal(partner.Completed[taskIds[0]].Result.GetProperty("score").GetDouble(), one.Result!.Value.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Malformed_or_unauthorised_commands_get_TaskRejected_with_reasons_and_create_nothing()
    {
        await using var partner = await PartnerService.StartAsync(platform, "rejections");
        using var admin = platform.CreateGatewayClient();
        var before = await CountTasksAsync(admin);

        var cases = new (string Why, SubmitTask Command, string ProblemType, string Field)[]
        {
            ("no capability", new SubmitTask(null, Input(new { text = "hi" })), ProblemTypes.ValidationFailed, "capability"),
            ("input not an object", new SubmitTask("text.sentiment", Input(new[] { 1, 2 })), ProblemTypes.ValidationFailed, "input"),
            ("input against the schema", new SubmitTask("text.sentiment", Input(new { words = "no text field" })), ProblemTypes.InvalidInput, "input"),
            ("unknown capability", new SubmitTask("text.astrology", Input(new { text = "hi" })), ProblemTypes.UnknownCapability, "capability"),
            ("priority out of range", new SubmitTask("text.sentiment", Input(new { text = "hi" }), Priority: 42), ProblemTypes.ValidationFailed, "priority"),
            ("an LLM skill without the chat scope", new SubmitTask("code.generate", Input(new { language = "python", instruction = "a function that adds two numbers" })), ProblemTypes.Forbidden, ""),
            ("a priority above 5 without tasks:priority", new SubmitTask("text.sentiment", Input(new { text = "hi" }), Priority: 9), ProblemTypes.Forbidden, ""),
        };
        var ids = cases.Select(_ => NewId.NextGuid()).ToArray();
        for (var i = 0; i < cases.Length; i++)
        {
            await partner.SubmitAsync(ids[i], cases[i].Command);
        }

        await WaitUntilAsync(() => ids.All(partner.Rejected.ContainsKey), TimeSpan.FromSeconds(60), "every command rejected");
        for (var i = 0; i < cases.Length; i++)
        {
            var rejected = partner.Rejected[ids[i]];
            output.WriteLine($"{cases[i].Why}: {rejected.ProblemType} {rejected.Detail} {string.Join("; ", rejected.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
            Assert.Equal(cases[i].ProblemType, rejected.ProblemType);
            Assert.False(string.IsNullOrWhiteSpace(rejected.Detail), cases[i].Why);
            if (cases[i].Field.Length > 0)
            {
                Assert.Contains(rejected.Errors.Keys, key => key.StartsWith(cases[i].Field, StringComparison.Ordinal));
            }
        }

        Assert.Empty(partner.Accepted);
        Assert.Equal(before, await CountTasksAsync(admin));
    }

    [Fact]
    public async Task A_command_delivered_twice_creates_one_task_and_a_reused_id_with_another_body_is_refused()
    {
        await using var partner = await PartnerService.StartAsync(platform, "replays");
        var id = NewId.NextGuid();
        var command = new SubmitTask("text.sentiment", Input(new { text = "sent twice, counted once" }));

        await partner.SubmitAsync(id, command);
        await WaitUntilAsync(() => partner.Accepted.ContainsKey(id), TimeSpan.FromSeconds(60), "the first answer");
        var first = partner.Accepted[id];
        partner.Accepted.Clear();
        await partner.SubmitAsync(id, command);
        await WaitUntilAsync(() => partner.Accepted.ContainsKey(id), TimeSpan.FromSeconds(60), "the second answer");

        Assert.Equal(first.TaskId, partner.Accepted[id].TaskId);
        await partner.SubmitAsync(id, command with { Input = Input(new { text = "a different body under the same id" }) });
        await WaitUntilAsync(() => partner.Rejected.ContainsKey(id), TimeSpan.FromSeconds(60), "the conflict");
        Assert.Equal(ProblemTypes.Conflict, partner.Rejected[id].ProblemType);
    }

    [Theory]
    [InlineData("sutazai.submit.someone-else")] // another client's door
    [InlineData("agent-analyst")] // the agents' work queue
    [InlineData("orchestrator")] // the platform's own bookkeeping
    public async Task A_client_cannot_write_anywhere_but_its_own_submit_exchange(string exchange)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { message = new { capability = "text.sentiment", input = new { text = "hi" } } });
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => PublishRawAsync(exchange, body));
        output.WriteLine($"{exchange}: {refused.GetType().Name}: {refused.Message}");
        Assert.Contains("ACCESS_REFUSED", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Plain AMQP, as any client library would do it, with publisher confirms off: a refused write (403) closes the
    /// channel asynchronously, so a round trip after the publish reports it.
    /// </summary>
    private async Task PublishRawAsync(string exchange, byte[] body)
    {
        var factory = new RabbitMQ.Client.ConnectionFactory
        {
            HostName = platform.Broker.Host,
            Port = platform.Broker.Port,
            UserName = Client,
            Password = platform.Password,
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.BasicPublishAsync(exchange, string.Empty, mandatory: false, new RabbitMQ.Client.BasicProperties(), body);
        await channel.BasicQosAsync(0, 1, false);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static JsonElement Input(object value) => JsonSerializer.SerializeToElement(value);

    /// <summary>Tasks the platform holds for this client, as an admin sees them over HTTP.</summary>
    private static async Task<long> CountTasksAsync(HttpClient admin)
    {
        using var page = JsonDocument.Parse(await admin.GetStringAsync($"/api/v1/tasks?pageSize=1&owner={Uri.EscapeDataString(BusTopology.Owner(Client))}"));
        return page.RootElement.GetProperty("total").GetInt64();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The other team's service: its own RabbitMQ user, a queue of its own bound to its events exchange.</summary>
    private sealed class PartnerService : IAsyncDisposable
    {
        private readonly IBusControl _bus;

        private PartnerService(IBusControl bus) => _bus = bus;

        public ConcurrentDictionary<Guid, TaskAccepted> Accepted { get; } = new();

        public ConcurrentDictionary<Guid, TaskRejected> Rejected { get; } = new();

        public ConcurrentDictionary<Guid, SutazAI.Contracts.Integration.TaskCompleted> Completed { get; } = new();

        public static async Task<PartnerService> StartAsync(PlatformUnderTest platform, string queue)
        {
            PartnerService? service = null;
            var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
            {
                rabbit.Host(platform.Broker.Host, (ushort)platform.Broker.Port, "/", h =>
                {
                    h.Username(Client);
                    h.Password(platform.Password);
                });
                rabbit.OverrideDefaultBusEndpointQueueName($"{BusTopology.QueuePrefix(Client)}bus-{queue}");
                rabbit.ReceiveEndpoint($"{BusTopology.QueuePrefix(Client)}{queue}", endpoint =>
                {
                    endpoint.ConfigureConsumeTopology = false;
                    endpoint.AutoDelete = true;
                    endpoint.Bind(BusTopology.EventsExchange(Client));
                    endpoint.Handler<TaskAccepted>(context => Record(service!.Accepted, context.Message.CommandId, context.Message));
                    endpoint.Handler<TaskRejected>(context => Record(service!.Rejected, context.Message.CommandId, context.Message));
                    endpoint.Handler<SutazAI.Contracts.Integration.TaskCompleted>(context => Record(service!.Completed, context.Message.TaskId, context.Message));
                });
            });
            service = new PartnerService(bus);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await bus.StartAsync(timeout.Token);
            return service;
        }

        public Task SubmitAsync(Guid id, SubmitTask command) => SendToAsync(BusTopology.SubmitExchange(Client), command, id);

        private async Task SendToAsync(string exchange, SubmitTask command, Guid id)
        {
            var endpoint = await _bus.GetSendEndpoint(new Uri($"exchange:{exchange}"));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await endpoint.Send(command, context => context.MessageId = id, timeout.Token);
        }

        public async ValueTask DisposeAsync() => await _bus.StopAsync();

        private static Task Record<T>(ConcurrentDictionary<Guid, T> into, Guid key, T message)
        {
            into[key] = message;
            return Task.CompletedTask;
        }
    }
}

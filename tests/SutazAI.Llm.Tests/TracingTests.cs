using System.Net;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;
using Xunit.Abstractions;

namespace SutazAI.Llm.Tests;

/// <summary>
/// One request, one trace: a chat task through the gateway is followed by spans from the gateway, the
/// orchestrator (API and outbox relay), the chat agent and the models service down to its Ollama call, linked
/// parent to child; with every request and outcome logged (the fixture's <c>ServiceLogging</c> levels), its correlation
/// id is in the logs of every service that handled it.
/// </summary>
[Collection(LlmPlatformCollection.Name)]
public sealed class TracingTests(LlmPlatformFixture platform, ITestOutputHelper output)
{
    private static readonly string[] Handlers = ["gateway", "orchestrator", "agent-chat", "models"];

    [Fact]
    public async Task A_chat_task_is_one_trace_from_the_gateway_to_Ollama_and_its_id_is_in_every_services_logs()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = _ => FakeReply.Text("Traced.");
        using var client = platform.Host.CreateGatewayClient();

        using var response = await client.SubmitAsync("chat.message", new { message = "follow me" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var correlationId = Assert.Single(response.Headers.GetValues("X-Correlation-Id"));
        var task = JsonSerializer.Deserialize<TaskView>(await response.Content.ReadAsStringAsync(), TaskClient.Json)!;
        Assert.Equal(TaskState.Completed, (await client.WaitUntilFinalAsync(task.Id)).Status);

        // The Ollama call is the deepest span; once it and the agent's outcome arrived, the trace is complete enough.
        await TaskClient.WaitUntilAsync(
            () => platform.Telemetry.SpansOf(correlationId) is var spans
                && Handlers.All(service => spans.Any(s => s.Service == service))
                && spans.Any(s => s.Service == "models" && s.Kind == 3),
            TimeSpan.FromSeconds(30), "every service exported its spans");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var trace = platform.Telemetry.SpansOf(correlationId);
        foreach (var span in trace.OrderBy(s => s.Service))
        {
            output.WriteLine($"{span.Service,-14} {span.Name} ({span.SpanId} <- {span.ParentSpanId})");
        }

        var byId = trace.ToDictionary(s => s.SpanId);
        var roots = trace.Where(s => !byId.ContainsKey(s.ParentSpanId)).ToList();
        var root = Assert.Single(roots);
        Assert.Equal("gateway", root.Service);

        // The chain: Ollama call (models, client) <- models server <- agent <- orchestrator <- gateway.
        var ollamaCall = trace.First(s => s.Service == "models" && s.Kind == 3);
        var chain = Ancestors(ollamaCall, byId).Select(s => s.Service).Distinct().ToList();
        output.WriteLine("services from Ollama up: " + string.Join(" <- ", chain));
        Assert.Equal(Handlers.Reverse(), chain);

        Assert.Contains(trace, s => s.Attributes.GetValueOrDefault("sutazai.task_id") == task.Id.ToString());
        Assert.Contains(trace, s => s.Service == "agent-chat" && s.Attributes.GetValueOrDefault("sutazai.capability") == "chat.message");
        Assert.Contains(trace, s => s.Service == "models" && s.Attributes.ContainsKey("sutazai.model") && s.Attributes.ContainsKey("sutazai.llm.cache_hit"));

        var logs = platform.Host.App.Services.GetRequiredService<ResourceLoggerService>();
        var resources = platform.Host.App.Services.GetRequiredService<DistributedApplicationModel>().Resources;
        foreach (var service in Handlers)
        {
            var lines = new List<string>();
            await foreach (var batch in logs.GetAllAsync(resources.Single(r => r.Name == service)))
            {
                lines.AddRange(batch.Select(line => line.Content));
            }

            Assert.True(lines.Any(line => line.Contains(correlationId, StringComparison.Ordinal)),
                $"{service} logged nothing with the correlation id {correlationId}; its last lines:\n{string.Join("\n", lines.TakeLast(5))}");
        }
    }

    [Fact]
    public async Task A_caller_supplied_trace_id_as_correlation_id_is_continued()
    {
        // No traceparent from this client, so the gateway must take the correlation id.
        using var gateway = platform.Host.CreateGatewayClient();
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = gateway.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", platform.Host.ApiKey);
        var mine = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents");
        request.Headers.Add("X-Correlation-Id", mine);
        using var response = await client.SendAsync(request);
        Assert.Equal(mine, Assert.Single(response.Headers.GetValues("X-Correlation-Id")));

        using var bogus = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents");
        bogus.Headers.Add("X-Correlation-Id", "not-a-trace-id");
        using var fresh = await client.SendAsync(bogus);
        var issued = Assert.Single(fresh.Headers.GetValues("X-Correlation-Id"));
        Assert.Matches("^[0-9a-f]{32}$", issued);
    }

    private static IEnumerable<ReceivedSpan> Ancestors(ReceivedSpan span, Dictionary<string, ReceivedSpan> byId)
    {
        for (var current = span; current is not null; current = byId.GetValueOrDefault(current.ParentSpanId))
        {
            yield return current;
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using ModelContextProtocol.Client;
using SutazAI.Testing;

namespace SutazAI.Bench;

/// <summary>
/// <c>--protocols N</c>: what the OpenAI and MCP doors add, each against its own baseline in the same run, on one
/// platform with a fake Ollama: a cached completion through the gateway's <c>/v1/chat/completions</c> against the
/// models service's own <c>/api/chat</c> cached answer, and an MCP <c>tools/call</c> of <c>text.sentiment</c> against
/// the same task through <c>/api/v1/tasks</c> (submitted, then followed on its event stream to the end). Calls are
/// sequential and the sides take turns, so all see the same machine.
/// </summary>
internal static class ProtocolRun
{
    public static async Task<int> ExecuteAsync(int calls, Action<string> log)
    {
        await using var ollama = await FakeOllama.StartAsync();
        ollama.Responder = _ => FakeReply.Text("A cached answer.");
        await using var platform = await PlatformHost.StartAsync(log, [$"Parameters:ollama-endpoint={ollama.Endpoint}"]);
        using var gateway = platform.CreateGatewayClient();
        using var models = platform.CreateAgentClient("models");

        var completion = new
        {
            model = "llama3.2",
            messages = new[] { new { role = "user", content = "What does the benchmark measure?" } },
            temperature = 0,
        };
        var ollamaChat = new
        {
            model = "llama3.2",
            messages = new[] { new { role = "user", content = "What does the benchmark measure?" } },
            stream = false,
            options = new { temperature = 0 },
        };
        using var modelsAsCaller = platform.CreateServiceClient("models");
        async Task<double> OpenAiAsync() => await TimeAsync(() => gateway.PostAsJsonAsync("/v1/chat/completions", completion));
        async Task<double> OllamaAsync() => await TimeAsync(() => models.PostAsJsonAsync("/api/chat", ollamaChat));
        async Task<double> OpenAiDirectAsync() => await TimeAsync(() => modelsAsCaller.PostAsJsonAsync("/v1/chat/completions", completion));
        log($"cached chat: {calls} calls each way, after 50 of warm-up");
        var chat = await AlternateAsync(calls, 50, OpenAiAsync, OllamaAsync, OpenAiDirectAsync);
        log($"Ollama was asked {ollama.Requests.Count} time(s): every other answer came from the cache");

        await using var mcp = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(gateway.BaseAddress!, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {platform.ApiKey}" },
        }));
        var sequence = 0;
        async Task<double> McpAsync()
        {
            var started = Stopwatch.GetTimestamp();
            var result = await mcp.CallToolAsync("text.sentiment", new Dictionary<string, object?> { ["text"] = $"call {Interlocked.Increment(ref sequence)}: a lovely, helpful service" });
            return result.IsError == true ? throw new InvalidOperationException("The MCP call failed.") : Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        async Task<double> TaskApiAsync()
        {
            var started = Stopwatch.GetTimestamp();
            var task = await gateway.SubmitAcceptedAsync("text.sentiment", new { text = $"call {Interlocked.Increment(ref sequence)}: a lovely, helpful service" });
            using var events = await gateway.GetAsync($"/api/v1/tasks/{task.Id}/events", HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line && line != "event: end")
            {
            }

            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        log($"text.sentiment: {calls} calls each way, after 20 of warm-up");
        var sentiment = await AlternateAsync(calls, 20, McpAsync, TaskApiAsync);

        Console.WriteLine();
        Console.WriteLine($"protocol doors, {calls} sequential calls each, {Environment.ProcessorCount} cores");
        Print("cached chat: /v1/chat/completions via gateway", chat[0], "models' own /api/chat (cached)", chat[1]);
        // The same pair without the gateway: what the OpenAI form itself costs, apart from the hop.
        Print("cached chat: /v1/chat/completions at models", chat[2], "models' own /api/chat (cached)", chat[1]);
        Print("text.sentiment: MCP tools/call via gateway", sentiment[0], "/api/v1/tasks + its events via gateway", sentiment[1]);
        return 0;
    }

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> call)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await call();
        await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>Each side once per round, in turn, after the warm-up rounds; every side's times.</summary>
    private static async Task<List<double>[]> AlternateAsync(int calls, int warmup, params Func<Task<double>>[] sides)
    {
        for (var i = 0; i < warmup; i++)
        {
            foreach (var side in sides)
            {
                await side();
            }
        }

        var times = sides.Select(_ => new List<double>(calls)).ToArray();
        for (var i = 0; i < calls; i++)
        {
            for (var side = 0; side < sides.Length; side++)
            {
                times[side].Add(await sides[side]());
            }
        }

        return times;
    }

    private static void Print(string name, List<double> measured, string baselineName, List<double> baseline)
    {
        double P(List<double> values, double p) => Report.Percentile(values, p);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-48} p50 {P(measured, 50),7:F2} ms  p99 {P(measured, 99),7:F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {baselineName,-48} p50 {P(baseline, 50),7:F2} ms  p99 {P(baseline, 99),7:F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  ratio p50 {P(measured, 50) / P(baseline, 50):F2}x, p99 {P(measured, 99) / P(baseline, 99):F2}x; added p50 {P(measured, 50) - P(baseline, 50):F2} ms, p99 {P(measured, 99) - P(baseline, 99):F2} ms"));
    }
}

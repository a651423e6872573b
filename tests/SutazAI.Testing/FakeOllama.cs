using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SutazAI.Testing;

/// <summary>What the fake answers to one request.</summary>
/// <param name="Chunks">The reply, streamed one chunk per NDJSON line.</param>
/// <param name="ChunkDelay">Pause before each chunk (slow generations).</param>
/// <param name="PromptTokens">prompt_eval_count of the final line.</param>
/// <param name="CompletionTokens">eval_count of the final line.</param>
/// <param name="Status">Non-200 to answer <c>{"error": ...}</c> with that status instead.</param>
/// <param name="ToolCalls">Ollama's <c>message.tool_calls</c>, sent on the first line, as a model that calls tools does.</param>
public sealed record FakeReply(string[] Chunks, TimeSpan ChunkDelay = default, int PromptTokens = 10, int CompletionTokens = 20, int Status = 200,
    JsonArray? ToolCalls = null)
{
    /// <summary>A reply that only calls one tool with the given JSON arguments.</summary>
    public static FakeReply ToolCall(string name, string arguments) =>
        new([""], ToolCalls: [new JsonObject { ["function"] = new JsonObject { ["name"] = name, ["arguments"] = JsonNode.Parse(arguments) } }]);

    public static FakeReply Text(string text, int promptTokens = 10, int completionTokens = 20) =>
        new([text], default, promptTokens, completionTokens);
}

/// <summary>
/// A loopback server that speaks Ollama's HTTP API (<c>/api/chat</c>, <c>/api/generate</c>, <c>/api/tags</c>),
/// streaming NDJSON chunks and a final <c>done</c> line with token counts, as real Ollama does. It records every
/// request and the highest number of generations it served at once. Stop and start it to play an outage.
/// </summary>
public sealed class FakeOllama : IAsyncDisposable
{
    private readonly ConcurrentQueue<JsonObject> _requests = new();
    private WebApplication? _app;
    private int _inFlight;
    private int _maxInFlight;

    private FakeOllama(int port) => Port = port;

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Decides each answer from the request's JSON; defaults to echoing the last message.</summary>
    public Func<JsonObject, FakeReply> Responder { get; set; } = request =>
        FakeReply.Text($"echo: {LastUserText(request)}");

    /// <summary>Whether a request is the planner agent asking for a workflow plan (its system prompt opens so).</summary>
    public static bool IsPlanning(JsonObject request) =>
        request["messages"] is JsonArray { Count: > 0 } messages
        && messages[0]?["content"]?.GetValue<string>().StartsWith("You plan workflows", StringComparison.Ordinal) == true;

    public IReadOnlyList<JsonObject> Requests => [.. _requests];

    public int MaxConcurrent => Volatile.Read(ref _maxInFlight);

    public static async Task<FakeOllama> StartAsync()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var fake = new FakeOllama(port);
        await fake.StartAgainAsync();
        return fake;
    }

    public void Reset()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _maxInFlight, 0);
    }

    public static string LastUserText(JsonObject request) =>
        request["messages"]?.AsArray().LastOrDefault()?["content"]?.GetValue<string>()
        ?? request["prompt"]?.GetValue<string>()
        ?? "";

    /// <summary>Goes away like a killed Ollama: the port refuses connections.</summary>
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Endpoint);
        var app = builder.Build();
        app.MapPost("/api/chat", context => AnswerAsync(context, "message"));
        app.MapPost("/api/generate", context => AnswerAsync(context, "response"));
        app.MapGet("/api/tags", () => Results.Json(new
        {
            models = new[]
            {
                new { name = "llama3.2:latest", model = "llama3.2:latest", modified_at = "2026-01-01T00:00:00Z", size = 2019393189L, digest = "a80c4f17acd5" },
            },
        }));
        await app.StartAsync();
        _app = app;
    }

    private async Task AnswerAsync(HttpContext context, string field)
    {
        var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        _requests.Enqueue(request);
        var model = request["model"]?.GetValue<string>() ?? "llama3.2";
        var stream = request["stream"]?.GetValue<bool>() ?? true;
        var reply = Responder(request);

        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        try
        {
            if (reply.Status != 200)
            {
                context.Response.StatusCode = reply.Status;
                await context.Response.WriteAsJsonAsync(new { error = string.Join("", reply.Chunks) });
                return;
            }

            context.Response.ContentType = stream ? "application/x-ndjson" : "application/json";
            if (stream)
            {
                var first = true;
                foreach (var chunk in reply.Chunks)
                {
                    await Task.Delay(reply.ChunkDelay, context.RequestAborted);
                    var line = Line(model, field, chunk, done: false, reply);
                    if (first && reply.ToolCalls is not null)
                    {
                        line[field]!["tool_calls"] = reply.ToolCalls.DeepClone();
                    }

                    first = false;
                    await WriteLineAsync(context, line);
                }

                await WriteLineAsync(context, Line(model, field, "", done: true, reply));
            }
            else
            {
                await Task.Delay(reply.ChunkDelay * reply.Chunks.Length, context.RequestAborted);
                await context.Response.WriteAsync(Line(model, field, string.Join("", reply.Chunks), done: true, reply).ToJsonString());
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static JsonObject Line(string model, string field, string text, bool done, FakeReply reply)
    {
        var line = new JsonObject
        {
            ["model"] = model,
            ["created_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            [field] = field == "message" ? new JsonObject { ["role"] = "assistant", ["content"] = text } : JsonValue.Create(text),
            ["done"] = done,
        };
        if (done)
        {
            line["done_reason"] = "stop";
            line["total_duration"] = 1_000_000;
            line["prompt_eval_count"] = reply.PromptTokens;
            line["eval_count"] = reply.CompletionTokens;
        }

        return line;
    }

    private static async Task WriteLineAsync(HttpContext context, JsonObject line)
    {
        await context.Response.WriteAsync(line.ToJsonString() + "\n");
        await context.Response.Body.FlushAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SutazAI.Testing;

/// <summary>A span as a service exported it: hex ids, its service (resource <c>service.name</c>) and string attributes.</summary>
public sealed record ReceivedSpan(string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, string Service, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// An OTLP/HTTP (protobuf) collector on loopback that keeps the spans services export, for trace assertions.
/// Logs and metrics are accepted and dropped.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = "";

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    public IReadOnlyList<ReceivedSpan> SpansOf(string traceId) => [.. _spans.Where(s => s.TraceId == traceId)];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in OtlpTraceDecoder.Decode(body.ToArray()))
            {
                receiver._spans.Enqueue(span);
            }

            return Results.Ok();
        });
        app.MapPost("/v1/logs", () => Results.Ok());
        app.MapPost("/v1/metrics", () => Results.Ok());
        await app.StartAsync();
        receiver.Endpoint = app.Urls.First();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

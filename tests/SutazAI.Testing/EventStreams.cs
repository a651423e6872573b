using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace SutazAI.Testing;

/// <summary>One server-sent event as a client receives it.</summary>
public sealed record StreamEvent(string? Id, string Type, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();
}

/// <summary>Reading the platform's event streams the way a browser's EventSource does.</summary>
public static class EventStreams
{
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>Every event of one response, until the server ends it.</summary>
    public static async Task<List<StreamEvent>> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var events = new List<StreamEvent>();
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
        {
            events.Add(new StreamEvent(item.EventId, item.EventType, item.Data));
        }

        return events;
    }

    /// <summary>Opens a stream, after <paramref name="lastEventId"/> when given.</summary>
    public static Task<HttpResponseMessage> OpenAsync(this HttpClient client, string path, string? lastEventId = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add(LastEventIdHeader, lastEventId);
        }

        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>
    /// Follows a stream to its <c>end</c> event, reconnecting with the last id seen whenever the server closes a stream
    /// before (its lifetime), as EventSource does. Returns every event received and how many connections it took.
    /// </summary>
    public static async Task<(List<StreamEvent> Events, int Connections)> FollowToEndAsync(this HttpClient client, string path, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        var events = new List<StreamEvent>();
        var connections = 0;
        string? lastId = null;
        while (events.Count == 0 || events[^1].Type != "end")
        {
            using var response = await client.OpenAsync(path, lastId, deadline.Token);
            connections++;
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                break;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(deadline.Token)}");
            }

            var received = await ReadAsync(response, deadline.Token);
            events.AddRange(received);
            lastId = events.LastOrDefault()?.Id ?? lastId;
        }

        return (events, connections);
    }
}

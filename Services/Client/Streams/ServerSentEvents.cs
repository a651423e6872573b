using System.Net;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using SutazAI.Client.Problems;

namespace SutazAI.Client.Streams;

/// <summary>
/// Follows one of the platform's event streams to its <c>end</c> event. The server closes a stream after a while and a
/// connection can drop; either way the client reconnects with <c>Last-Event-ID</c>, so events arrive once each, in order.
/// </summary>
internal static class ServerSentEvents
{
    public const string EndKind = "end";

    /// <summary>Attempts in a row that bring no event before the stream gives up.</summary>
    private const int MaxFruitlessAttempts = 5;
    private static readonly TimeSpan DefaultReconnectAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxReconnectAfter = TimeSpan.FromSeconds(10);

    public static async IAsyncEnumerable<SseItem<string>> FollowAsync(
        HttpClient http, Uri address, string? lastEventId, TimeProvider clock, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fruitless = 0;
        var reconnectAfter = DefaultReconnectAfter;
        while (true)
        {
            var quiet = true;
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.Accept.ParseAdd("text/event-stream");
            if (lastEventId is not null)
            {
                request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (++fruitless < MaxFruitlessAttempts)
            {
                await Task.Delay(reconnectAfter, clock, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    // The reader has already seen the end.
                    yield break;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw await ProblemResponses.ReadAsync(response, cancellationToken).ConfigureAwait(false);
                }

                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var parser = SseParser.Create(body);
                await using var events = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await events.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                    {
                        // Dropped mid-stream: continue from the last event seen.
                        more = false;
                        fruitless++;
                    }

                    if (!more)
                    {
                        break;
                    }

                    fruitless = 0;
                    quiet = false;
                    lastEventId = events.Current.EventId ?? lastEventId;
                    yield return events.Current;
                    if (events.Current.EventType == EndKind)
                    {
                        yield break;
                    }
                }

                if (parser.ReconnectionInterval > TimeSpan.Zero)
                {
                    reconnectAfter = parser.ReconnectionInterval < MaxReconnectAfter ? parser.ReconnectionInterval : MaxReconnectAfter;
                }
            }

            if (fruitless >= MaxFruitlessAttempts)
            {
                throw new HttpRequestException($"The event stream at {address} dropped {fruitless} times in a row without an event.");
            }

            // A stream the server closed at once, or one that dropped, is not retried at full speed.
            if (fruitless > 0 || quiet)
            {
                await Task.Delay(reconnectAfter, clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SutazAI.Models.Llm;

/// <summary>
/// What every generation goes through: budget reservation, the response cache, an LLM slot, the call to
/// Ollama (always streamed, so time to first token is measured), metrics, and settlement of the budget.
/// Chat and generate differ only in how chunks are read and merged, which the caller passes in.
/// </summary>
public sealed partial class LlmCalls(
    SlotScheduler slots,
    TokenBudgets budgets,
    ResponseCache cache,
    LlmMetrics metrics,
    ILogger<LlmCalls> logger)
{
    public static readonly JsonSerializerOptions Wire = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>One kind of call (chat or generate), and the form its answer takes.</summary>
    public sealed record Call(
        string Kind,
        string Model,
        bool Stream,
        string? CacheKey,
        long TokenEstimate,
        Func<CancellationToken, IAsyncEnumerable<object?>> Upstream,
        Func<object, bool> IsDone,
        Func<object, string?> TextOf,
        Func<object, (long Prompt, long Completion)> UsageOf,
        AnswerFormat Format);

    public async Task ExecuteAsync(HttpContext http, LlmRequestContext origin, Call call)
    {
        var cancellationToken = http.RequestAborted;
        // The request's span says what was asked and how it was answered.
        Activity.Current?.SetTag("sutazai.model", call.Model).SetTag("sutazai.llm.kind", call.Kind).SetTag("sutazai.requester", origin.Requester);
        var cachedAnswer = call.CacheKey is null ? null : await cache.GetAsync(call.CacheKey);
        Activity.Current?.SetTag("sutazai.llm.cache_hit", cachedAnswer is not null);
        if (cachedAnswer is { } cached)
        {
            metrics.CacheHits.Add(1, new KeyValuePair<string, object?>("kind", call.Kind));
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(cached, cancellationToken);
            return;
        }

        var reservation = await budgets.TryReserveAsync(origin.Requester, call.TokenEstimate);
        if (reservation is null)
        {
            metrics.Rejections.Add(1, new KeyValuePair<string, object?>("reason", "budget"));
            await LlmProblems.BudgetExhausted(origin.Requester).ExecuteAsync(http);
            return;
        }

        long used = 0;
        try
        {
            var (lease, waited) = await slots.AcquireAsync(origin.Priority, origin.Requester, cancellationToken);
            using (lease)
            {
                metrics.QueueWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("kind", call.Kind));
                used = await RunAsync(http, call, cancellationToken);
            }
        }
        catch (Exception ex) when (!http.Response.HasStarted && UpstreamErrors.IsUnavailable(ex))
        {
            metrics.Rejections.Add(1, new KeyValuePair<string, object?>("reason", "unavailable"));
            LogUnavailable(logger, call.Kind, UpstreamErrors.Describe(ex));
            await LlmProblems.Unavailable(UpstreamErrors.Describe(ex)).ExecuteAsync(http);
        }
        catch (Exception ex) when (!http.Response.HasStarted && ex is HttpRequestException or OllamaSharp.Models.Exceptions.OllamaException)
        {
            await LlmProblems.UpstreamFailed(ex.Message).ExecuteAsync(http);
        }
        catch (Exception ex) when (http.Response.HasStarted && ex is not OperationCanceledException)
        {
            // Mid-stream there is no status to change: the answer's own form says what went wrong.
            await WriteAsync(http.Response, call.Format.Error(UpstreamErrors.Describe(ex)), CancellationToken.None);
        }
        finally
        {
            await budgets.SettleAsync(reservation, used);
        }
    }

    /// <summary>Streams from Ollama to the client (or merges into one answer) and returns the tokens used.</summary>
    private async Task<long> RunAsync(HttpContext http, Call call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var tags = new TagList { { "kind", call.Kind }, { "model", call.Model } };
        var text = new StringBuilder();
        object? done = null;
        var first = true;
        await foreach (var chunk in call.Upstream(cancellationToken))
        {
            if (chunk is null)
            {
                continue;
            }

            if (first)
            {
                first = false;
                metrics.TimeToFirstToken.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
                if (call.Stream)
                {
                    http.Response.ContentType = call.Format.StreamContentType;
                }
            }

            if (call.Format.Chunk(chunk, call.Stream) is { } frame)
            {
                await WriteAsync(http.Response, frame, cancellationToken);
            }

            text.Append(call.TextOf(chunk));
            if (call.IsDone(chunk))
            {
                done = chunk;
            }
        }

        metrics.InferenceDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        if (done is null)
        {
            throw new HttpRequestException("Ollama ended the answer without its final chunk.");
        }

        var (prompt, completion) = call.UsageOf(done);
        metrics.Tokens.Add(prompt, new TagList { { "type", "prompt" }, { "model", call.Model } });
        metrics.Tokens.Add(completion, new TagList { { "type", "completion" }, { "model", call.Model } });
        Activity.Current?.SetTag("sutazai.llm.prompt_tokens", prompt).SetTag("sutazai.llm.completion_tokens", completion);

        if (call.Stream)
        {
            if (call.Format.End(done, prompt, completion) is { } end)
            {
                await WriteAsync(http.Response, end, cancellationToken);
            }
        }
        else
        {
            var json = call.Format.Whole(done, text.ToString(), prompt, completion);
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(json, cancellationToken);
            if (call.CacheKey is not null)
            {
                await cache.SetAsync(call.CacheKey, json);
            }
        }

        return prompt + completion;
    }

    private static async Task WriteAsync(HttpResponse response, string frame, CancellationToken cancellationToken)
    {
        await response.WriteAsync(frame, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM {Kind} call refused: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string kind, string reason);
}

using System.Diagnostics.Metrics;

namespace SutazAI.Models.Llm;

/// <summary>The LLM door's instruments, on the platform's <c>SutazAI</c> meter.</summary>
public sealed class LlmMetrics
{
    public LlmMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Microsoft.Extensions.Hosting.Telemetry.MeterName);
        InferenceDuration = meter.CreateHistogram("sutazai.llm.inference.duration", "s", "Time from the call to Ollama to its last token.", tags: null, advice: Microsoft.Extensions.Hosting.Telemetry.SecondsBuckets);
        TimeToFirstToken = meter.CreateHistogram("sutazai.llm.time_to_first_token", "s", "Time from the call to Ollama to its first token.", tags: null, advice: Microsoft.Extensions.Hosting.Telemetry.SecondsBuckets);
        Tokens = meter.CreateCounter<long>("sutazai.llm.tokens", "{token}", "Prompt and completion tokens, by type.");
        CacheHits = meter.CreateCounter<long>("sutazai.llm.cache.hits", "{request}", "Requests answered from the response cache.");
        QueueWait = meter.CreateHistogram("sutazai.llm.queue.wait", "s", "Time a request waited for an LLM slot.", tags: null, advice: Microsoft.Extensions.Hosting.Telemetry.SecondsBuckets);
        Rejections = meter.CreateCounter<long>("sutazai.llm.rejections", "{request}", "Requests refused, by reason.");
    }

    public Histogram<double> InferenceDuration { get; }

    public Histogram<double> TimeToFirstToken { get; }

    public Counter<long> Tokens { get; }

    public Counter<long> CacheHits { get; }

    public Histogram<double> QueueWait { get; }

    public Counter<long> Rejections { get; }
}

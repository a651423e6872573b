using System.Diagnostics.Metrics;

namespace SutazAI.Models.Llm;

/// <summary>The LLM door's instruments, on the platform's <c>SutazAI</c> meter.</summary>
public sealed class LlmMetrics
{
    public LlmMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Microsoft.Extensions.Hosting.Telemetry.MeterName);
        InferenceDuration = meter.CreateHistogram<double>("sutazai.llm.inference.duration", "s", "Time from the call to Ollama to its last token.");
        TimeToFirstToken = meter.CreateHistogram<double>("sutazai.llm.time_to_first_token", "s", "Time from the call to Ollama to its first token.");
        Tokens = meter.CreateCounter<long>("sutazai.llm.tokens", "{token}", "Prompt and completion tokens, by type.");
        CacheHits = meter.CreateCounter<long>("sutazai.llm.cache.hits", "{request}", "Requests answered from the response cache.");
        QueueWait = meter.CreateHistogram<double>("sutazai.llm.queue.wait", "s", "Time a request waited for an LLM slot.");
        Rejections = meter.CreateCounter<long>("sutazai.llm.rejections", "{request}", "Requests refused, by reason.");
    }

    public Histogram<double> InferenceDuration { get; }

    public Histogram<double> TimeToFirstToken { get; }

    public Counter<long> Tokens { get; }

    public Counter<long> CacheHits { get; }

    public Histogram<double> QueueWait { get; }

    public Counter<long> Rejections { get; }
}

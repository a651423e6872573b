namespace Microsoft.Extensions.Hosting;

/// <summary>Names of the platform's own activity source and meter.</summary>
public static class Telemetry
{
    public const string ActivitySourceName = "SutazAI";
    public const string MeterName = "SutazAI";

    /// <summary>
    /// Attribute combinations kept per metric; beyond it, points are folded into one marked
    /// <c>otel.metric.overflow</c>. Routes x methods x status codes of the busiest service stay well under it.
    /// </summary>
    public const int MetricCardinalityLimit = 256;

    /// <summary>The platform's own spans (skills, outbox sends); every service listens to it.</summary>
    public static readonly System.Diagnostics.ActivitySource Source = new(ActivitySourceName);

    /// <summary>
    /// Histogram buckets for durations in seconds, from a few milliseconds (analyst skills) to minutes (LLM work);
    /// they include the SLO thresholds 0.1 s and 10 s, so the alert rules can read them exactly.
    /// </summary>
    public static readonly System.Diagnostics.Metrics.InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600],
    };
}

using System.Globalization;

namespace SutazAI.Gateway.Observability;

/// <summary>A histogram summed over its series: cumulative counts by upper bound, and how many in all.</summary>
public sealed record PrometheusHistogram(IReadOnlyList<(double UpperBound, double Count)> Buckets, double Count)
{
    public static PrometheusHistogram Of(IEnumerable<PrometheusSample> samples, string name, Func<PrometheusSample, bool>? where = null)
    {
        var matching = samples.Where(s => where?.Invoke(s) ?? true).ToList();
        var buckets = matching
            .Where(s => s.Name == name + "_bucket" && s.Labels.TryGetValue("le", out _))
            .GroupBy(s => s.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(s.Labels["le"], CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Sum(s => s.Value)))
            .ToList();
        return new PrometheusHistogram(buckets, matching.Where(s => s.Name == name + "_count").Sum(s => s.Value));
    }

    /// <summary>What was added since <paramref name="earlier"/>, bucket by bucket (a restarted service starts again from zero).</summary>
    public PrometheusHistogram Since(PrometheusHistogram earlier)
    {
        var before = earlier.Buckets.ToDictionary(b => b.UpperBound, b => b.Count);
        var restarted = Count < earlier.Count;
        return new PrometheusHistogram(
            [.. Buckets.Select(b => (b.UpperBound, restarted ? b.Count : b.Count - before.GetValueOrDefault(b.UpperBound)))],
            restarted ? Count : Count - earlier.Count);
    }

    /// <summary>The quantile, interpolated within its bucket as Prometheus' histogram_quantile does; null with no observations.</summary>
    public double? Quantile(double q)
    {
        if (Count <= 0 || Buckets.Count == 0)
        {
            return null;
        }

        var rank = q * Count;
        var (lower, below) = (0.0, 0.0);
        foreach (var (upper, cumulative) in Buckets)
        {
            if (cumulative >= rank)
            {
                if (double.IsPositiveInfinity(upper))
                {
                    return lower;
                }

                var inBucket = cumulative - below;
                return inBucket <= 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
            }

            (lower, below) = (upper, cumulative);
        }

        return lower;
    }
}

using System.Globalization;

namespace SutazAI.Bench;

/// <summary>
/// The highest rate the gateway path carries for a while, found by offering rates open-loop (see <see cref="PacedLoad"/>)
/// between half the burst's rate and the burst's rate, halving the interval each step. A burst of 2,000 tasks drains
/// queues that a steady load keeps full, so its rate is above what the platform sustains; a share of it offered for
/// 20 s can be more than the platform carries, and the latency measured then is of a growing queue, not of the load.
/// </summary>
internal static class SustainedRate
{
    /// <summary>A rate is carried when the tasks offered completed at least this share of it.</summary>
    private const double KeptUp = 0.97;

    public sealed record Step(double Offered, double Completed, bool Carried);

    public sealed record Finding(double BurstRate, double Rate, IReadOnlyList<Step> Steps);

    public static async Task<Finding> FindAsync(HttpClient client, double burstRate, int steps, TimeSpan stepDuration, Action<string> log)
    {
        var (carried, notCarried) = (burstRate / 2, burstRate);
        var tried = new List<Step>();
        for (var i = 0; i < steps; i++)
        {
            var rate = (carried + notCarried) / 2;
            var result = await LoadRun.ExecutePacedAsync($"sustained step {i + 1}", client, rate, stepDuration, log);
            var step = new Step(rate, result.Throughput, result.Failed == 0 && result.Throughput >= KeptUp * rate);
            tried.Add(step);
            log(string.Create(CultureInfo.InvariantCulture,
                $"sustained step {i + 1}: {rate:F0} tasks/s offered, {result.Throughput:F0} completed a second: {(step.Carried ? "carried" : "not carried")}"));
            (carried, notCarried) = step.Carried ? (rate, notCarried) : (carried, rate);
        }

        return new Finding(burstRate, carried, tried);
    }

    public static void Print(Finding finding)
    {
        var steps = string.Join(", ", finding.Steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Offered:F0} -> {s.Completed:F0}{(s.Carried ? "" : " (not carried)")}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sustained maximum, gateway path: {finding.Rate:F0} tasks/s ({finding.Rate / finding.BurstRate:F2}x the burst's {finding.BurstRate:F0}); offered -> completed a second: {steps}"));
    }
}

using System.Globalization;

namespace SutazAI.Bench;

internal static class Report
{
    public static void Print(LoadResult gateway, LoadResult direct, BenchOptions options)
    {
        var rows = new[] { gateway, direct };
        Console.WriteLine();
        Console.WriteLine($"text.sentiment, {options.Tasks} tasks, {options.Clients} concurrent clients, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"path",-8} {"done",6} {"failed",6} {"tasks/s",9} {"submit p50",11} {"submit p99",11} {"e2e p50",9} {"e2e p99",9}");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Path,-8} {r.Completed,6} {r.Failed,6} {r.Throughput,9:F0} {Percentile(r.SubmitMs, 50),9:F1}ms {Percentile(r.SubmitMs, 99),9:F1}ms {Percentile(r.EndToEndMs, 50),7:F0}ms {Percentile(r.EndToEndMs, 99),7:F0}ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio gateway/direct: throughput {gateway.Throughput / direct.Throughput:F2}x, submit p50 {Percentile(gateway.SubmitMs, 50) / Percentile(direct.SubmitMs, 50):F2}x, submit p99 {Percentile(gateway.SubmitMs, 99) / Percentile(direct.SubmitMs, 99):F2}x, e2e p50 {Percentile(gateway.EndToEndMs, 50) / Percentile(direct.EndToEndMs, 50):F2}x, e2e p99 {Percentile(gateway.EndToEndMs, 99) / Percentile(direct.EndToEndMs, 99):F2}x"));
    }

    public static void PrintPaced(LoadResult paced, double offeredRate)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{paced.Path}: {offeredRate:F0} tasks/s offered open-loop, {paced.Completed} done, {paced.Failed} failed, {paced.Throughput:F0} tasks/s, "
            + $"submit p50 {Percentile(paced.SubmitMs, 50):F1}ms p99 {Percentile(paced.SubmitMs, 99):F1}ms, e2e p50 {Percentile(paced.EndToEndMs, 50):F0}ms p99 {Percentile(paced.EndToEndMs, 99):F0}ms"));

        // Submission i started i / rate seconds in, so a window's share of the tail shows whether it is spread or one stall.
        var perWindow = (int)Math.Max(1, offeredRate * TailWindowSeconds);
        var windows = paced.SubmitMs.Chunk(perWindow).Select(window => Percentile(window, 99).ToString("F0", CultureInfo.InvariantCulture));
        Console.WriteLine($"{paced.Path}: submit p99 by {TailWindowSeconds} s: {string.Join(", ", windows)} ms");
    }

    private const int TailWindowSeconds = 5;

    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}

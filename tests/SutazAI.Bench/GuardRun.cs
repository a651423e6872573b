using System.Globalization;
using SutazAI.Testing;

namespace SutazAI.Bench;

/// <summary>
/// The regression guard <c>./test.sh</c> runs (<c>--guard</c>): a short gateway load on a fresh platform, judged
/// against the reference round trip (<see cref="ReferenceLoad"/>) timed in the same run on the same machine, never
/// against absolute times. It fails when the platform's CPU per task, or its task rate, as a ratio to the reference's,
/// is worse than the README's figures by more than the stated margin, or when a task costs more database commands or
/// bus messages than stated.
/// </summary>
internal static class GuardRun
{
    /// <summary>The README's figures ("Regression guard"), measured with <c>--guard</c> on the landed main.</summary>
    private const double CpuPerTaskInRoundTrips = 15.5;
    private const double RateToReferenceRate = 0.065;
    private const double DatabaseCommandsPerTask = 2.14;
    private const double BusMessagesPerTask = 2.01;

    /// <summary>How far CPU per task may grow before the guard fails: a machine's noise stays inside, a lost x1.5 does not.</summary>
    private const double Margin = 1.5;

    /// <summary>The task rate also moves with whatever else the machine runs meanwhile, so it gets a wider margin.</summary>
    private const double RateMargin = 2.0;

    /// <summary>Exact counts move by whole messages or commands; a quarter of one is noise (retries, health checks).</summary>
    private const double CountSlack = 0.25;

    /// <summary>
    /// The processes a <c>text.sentiment</c> task passes through. The other services' CPU goes by the clock (heartbeats,
    /// metrics), not by the task, so counted per task it grew whenever the machine ran slower and the rate fell.
    /// </summary>
    private static readonly string[] TaskPath = ["gateway", "orchestrator", PlatformHost.AnalystResource, "postgres", "rabbitmq-server", "redis-server"];

    private const int Tasks = 1500;
    private const int Warmup = 300;
    private const int Clients = 32;
    private const int ReferenceRoundTrips = 4000;

    public static async Task<int> ExecuteAsync(IReadOnlyList<string> settings, Action<string> log)
    {
        log("regression guard: the gateway load between two timings of the reference round trip");
        await using var platform = await PlatformHost.StartAsync(log, settings);
        using var gateway = platform.CreateGatewayClient();
        await LoadRun.ExecuteAsync("warm-up", gateway, Warmup, Clients, log);
        await using var referenceLoad = await ReferenceLoad.StartAsync(platform, Clients);
        var referenceBefore = await referenceLoad.MeasureAsync(ReferenceRoundTrips, Clients, log);

        var before = await CostProfile.TakeAsync(platform);
        var result = await LoadRun.ExecuteAsync("gateway", gateway, Tasks, Clients, log);
        var after = await CostProfile.TakeAsync(platform);
        CostProfile.Print("gateway", before, after, result.Completed);

        // Whatever else the machine runs only ever makes the reference costlier or slower: the better timing counts.
        var referenceAfter = await referenceLoad.MeasureAsync(ReferenceRoundTrips, Clients, log);
        var reference = new ReferenceFigures(
            Math.Min(referenceBefore.CpuMs, referenceAfter.CpuMs),
            Math.Max(referenceBefore.RoundTripsPerSecond, referenceAfter.RoundTripsPerSecond));

        var totals = CostProfile.Totals(before, after, result.Completed, TaskPath);
        var rate = result.Throughput;
        var checks = new (string Figure, double Measured, double Stated, bool Ok)[]
        {
            ("CPU per task on its path, in reference round trips", totals.CpuMs / reference.CpuMs, CpuPerTaskInRoundTrips, totals.CpuMs / reference.CpuMs <= CpuPerTaskInRoundTrips * Margin),
            ("task rate to reference round-trip rate", rate / reference.RoundTripsPerSecond, RateToReferenceRate, rate / reference.RoundTripsPerSecond >= RateToReferenceRate / RateMargin),
            ("database commands per task", totals.DatabaseCommands, DatabaseCommandsPerTask, totals.DatabaseCommands <= DatabaseCommandsPerTask + CountSlack),
            ("bus messages sent or published per task", totals.BusMessages, BusMessagesPerTask, totals.BusMessages <= BusMessagesPerTask + CountSlack),
        };

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"regression guard: reference round trip {reference.CpuMs:F3} ms CPU at {reference.RoundTripsPerSecond:F0}/s, {rate:F0} tasks/s, {result.Failed} failed, CPU {totals.CpuMs:F2} ms per task on its path (margins: CPU x{Margin}, rate /{RateMargin}, counts +{CountSlack})"));
        foreach (var (figure, measured, stated, ok) in checks)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(ok ? "ok  " : "FAIL")} {figure}: {measured:F3} (README {stated:F3})"));
        }

        return result.Failed == 0 && checks.All(c => c.Ok) ? 0 : 1;
    }
}

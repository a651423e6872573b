using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using SutazAI.Testing;

namespace SutazAI.Bench;

/// <summary>
/// The regression guard <c>./test.sh</c> runs (<c>--guard</c>): a short gateway load on a fresh platform, judged
/// against a reference computation timed in the same run on the same machine, never against absolute times. It
/// fails when the platform's CPU per task, or its task rate, in reference units, is worse than the README's figures
/// by more than the stated margin, or when a task costs more database commands or bus messages than stated.
/// </summary>
internal static class GuardRun
{
    /// <summary>The README's figures ("Regression guard"), measured with <c>--guard</c> on the landed main.</summary>
    private const double CpuPerTaskInUnits = 3.35;
    private const double TasksPerReferenceUnit = 0.55;
    private const double DatabaseCommandsPerTask = 2.14;
    private const double BusMessagesPerTask = 2.01;

    /// <summary>How far CPU per task may grow before the guard fails: a machine's noise stays inside, a lost x1.5 does not.</summary>
    private const double Margin = 1.5;

    /// <summary>The task rate also moves with whatever else the machine runs meanwhile, so it gets a wider margin.</summary>
    private const double RateMargin = 2.0;

    /// <summary>Exact counts move by whole messages or commands; a quarter of one is noise (retries, health checks).</summary>
    private const double CountSlack = 0.25;

    private const int Tasks = 1500;
    private const int Warmup = 300;
    private const int Clients = 32;

    public static async Task<int> ExecuteAsync(IReadOnlyList<string> settings, Action<string> log)
    {
        log("regression guard: reference computation, then the gateway load, then the reference again");
        var referenceBefore = ReferenceUnitMs();
        await using var platform = await PlatformHost.StartAsync(log, settings);
        using var gateway = platform.CreateGatewayClient();
        await LoadRun.ExecuteAsync("warm-up", gateway, Warmup, Clients, log);

        var before = await CostProfile.TakeAsync(platform);
        var result = await LoadRun.ExecuteAsync("gateway", gateway, Tasks, Clients, log);
        var after = await CostProfile.TakeAsync(platform);
        var unitMs = Math.Min(referenceBefore, ReferenceUnitMs());
        CostProfile.Print("gateway", before, after, result.Completed);

        var totals = CostProfile.Totals(before, after, result.Completed);
        var rate = result.Completed / result.WallSeconds;
        var checks = new (string Figure, double Measured, double Stated, bool Ok)[]
        {
            ("platform CPU per task, reference units", totals.CpuMs / unitMs, CpuPerTaskInUnits, totals.CpuMs / unitMs <= CpuPerTaskInUnits * Margin),
            ("tasks completed per reference unit of time", rate * unitMs / 1000, TasksPerReferenceUnit, rate * unitMs / 1000 >= TasksPerReferenceUnit / RateMargin),
            ("database commands per task", totals.DatabaseCommands, DatabaseCommandsPerTask, totals.DatabaseCommands <= DatabaseCommandsPerTask + CountSlack),
            ("bus messages sent or published per task", totals.BusMessages, BusMessagesPerTask, totals.BusMessages <= BusMessagesPerTask + CountSlack),
        };

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"regression guard: reference unit {unitMs:F2} ms, {rate:F0} tasks/s, {result.Failed} failed, platform CPU {totals.CpuMs:F2} ms per task (margins: CPU x{Margin}, rate /{RateMargin}, counts +{CountSlack})"));
        foreach (var (figure, measured, stated, ok) in checks)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(ok ? "ok  " : "FAIL")} {figure}: {measured:F2} (README {stated:F2})"));
        }

        return result.Failed == 0 && checks.All(c => c.Ok) ? 0 : 1;
    }

    /// <summary>
    /// One reference unit: what a task's own bookkeeping looks like (a small JSON document written and read back, a
    /// hash), a thousand times on one thread. The fastest of several timings: contention only ever slows one down.
    /// </summary>
    private static double ReferenceUnitMs()
    {
        var fastest = double.MaxValue;
        for (var round = 0; round < 7; round++)
        {
            var timer = Stopwatch.GetTimestamp();
            var checksum = 0;
            for (var i = 0; i < 1000; i++)
            {
                var document = new Dictionary<string, object>
                {
                    ["capability"] = "text.sentiment",
                    ["input"] = new Dictionary<string, string> { ["text"] = $"I love this, it works great #{i}" },
                    ["priority"] = i % 10,
                };
                var json = JsonSerializer.SerializeToUtf8Bytes(document);
                using var parsed = JsonDocument.Parse(json);
                checksum += SHA256.HashData(json)[0] + parsed.RootElement.GetProperty("priority").GetInt32();
            }

            GC.KeepAlive(checksum);
            fastest = Math.Min(fastest, Stopwatch.GetElapsedTime(timer).TotalMilliseconds);
        }

        return fastest;
    }
}

using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using SutazAI.AppHost.Infrastructure;
using SutazAI.Testing;

namespace SutazAI.Bench;

/// <summary>What the platform's processes had spent at one moment: CPU time, and the counters of each service's /metrics.</summary>
internal sealed record CostSnapshot(Dictionary<string, TimeSpan> Cpu, Dictionary<string, Dictionary<string, double>> Counters)
{
    public static CostSnapshot Nothing => new([], []);

    /// <summary>What was spent between <paramref name="earlier"/> and this snapshot, added to <paramref name="spent"/>.</summary>
    public CostSnapshot SinceAddedTo(CostSnapshot earlier, CostSnapshot spent) => new(
        Cpu.ToDictionary(c => c.Key, c => c.Value - earlier.Cpu.GetValueOrDefault(c.Key) + spent.Cpu.GetValueOrDefault(c.Key)),
        Counters.ToDictionary(service => service.Key, service => service.Value.ToDictionary(counter => counter.Key, counter =>
            counter.Value - (earlier.Counters.GetValueOrDefault(service.Key)?.GetValueOrDefault(counter.Key) ?? 0)
            + (spent.Counters.GetValueOrDefault(service.Key)?.GetValueOrDefault(counter.Key) ?? 0))));
}

/// <summary>
/// Where the time of a measured phase went: CPU milliseconds per completed task for every process (services and
/// daemons, from /proc), and per task the database commands (Npgsql's meter), bus messages (MassTransit's meter) and
/// HTTP calls each service made, from the difference of two snapshots around the phase.
/// </summary>
internal static class CostProfile
{
    /// <summary>The counters read from /metrics (Prometheus names), with the short name printed.</summary>
    private static readonly (string Metric, string Column)[] Counters =
    [
        ("db_client_operation_duration_seconds_count", "db cmds"),
        ("messaging_masstransit_send_ea_total", "bus send"),
        ("messaging_masstransit_outbox_send_ea_total", "bus send"),
        ("messaging_masstransit_publish_ea_total", "bus pub"),
        ("messaging_masstransit_consume_ea_total", "bus cons"),
        ("http_client_request_duration_seconds_count", "http out"),
        ("http_server_request_duration_seconds_count", "http in"),
    ];

    private const string BenchProcess = "(bench + AppHost)";

    /// <summary>Aspire's DCP: it starts the services and proxies every request to a proxied endpoint.</summary>
    private const string DcpProcesses = "(Aspire DCP)";

    public static async Task<CostSnapshot> TakeAsync(PlatformHost platform)
    {
        var cpu = await platform.MeasureCpuAsync(platform.ProcessResources());
        // This process: the load's clients, and the AppHost that the testing builder runs in it.
        using (var self = System.Diagnostics.Process.GetCurrentProcess())
        {
            cpu[BenchProcess] = self.TotalProcessorTime;
        }

        cpu[DcpProcesses] = PlatformHost.MeasureDcpCpu();

        var counters = new Dictionary<string, Dictionary<string, double>>();
        var services = platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ServiceProgramResource>()
            .Select(r => r.Name).Where(cpu.ContainsKey).ToList();
        foreach (var service in services)
        {
            try
            {
                // The gateway serves its own /metrics only on its internal endpoint, not to the outside.
                using var client = platform.CreateServiceClient(service, service == "gateway" ? "internal" : "http", withInternalToken: false);
                counters[service] = Parse(await client.GetStringAsync("/metrics"));
            }
            catch (HttpRequestException)
            {
                counters[service] = [];
            }
        }

        return new CostSnapshot(cpu, counters);
    }

    /// <summary>Sums each counter over its label sets.</summary>
    private static Dictionary<string, double> Parse(string exposition)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny(['{', ' ']);
            var name = nameEnd < 0 ? line : line[..nameEnd];
            if (!Counters.Any(c => c.Metric == name))
            {
                continue;
            }

            var valueStart = line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : nameEnd;
            var value = line[valueStart..].Trim().Split(' ')[0];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                sums[name] = sums.GetValueOrDefault(name) + number;
            }
        }

        return sums;
    }

    /// <summary>
    /// Per completed task: CPU milliseconds of the platform's processes (or only of <paramref name="processes"/>),
    /// database commands, and bus messages sent or published.
    /// </summary>
    public static (double CpuMs, double DatabaseCommands, double BusMessages) Totals(CostSnapshot before, CostSnapshot after, int completed, IReadOnlyCollection<string>? processes = null)
    {
        var perTask = 1.0 / Math.Max(1, completed);
        double Sum(params string[] metrics) => after.Counters.Sum(service => metrics.Sum(metric =>
            service.Value.GetValueOrDefault(metric) - (before.Counters.GetValueOrDefault(service.Key)?.GetValueOrDefault(metric) ?? 0))) * perTask;
        var cpu = after.Cpu.Where(c => processes?.Contains(c.Key) ?? c.Key != BenchProcess).Sum(c => (c.Value - before.Cpu.GetValueOrDefault(c.Key)).TotalMilliseconds) * perTask;
        return (cpu, Sum("db_client_operation_duration_seconds_count"),
            Sum("messaging_masstransit_send_ea_total", "messaging_masstransit_outbox_send_ea_total", "messaging_masstransit_publish_ea_total"));
    }

    public static void Print(string path, CostSnapshot before, CostSnapshot after, int completed)
    {
        var perTask = 1.0 / Math.Max(1, completed);
        var cpu = after.Cpu.Select(c => (Name: c.Key, Ms: (c.Value - before.Cpu.GetValueOrDefault(c.Key)).TotalMilliseconds * perTask))
            .OrderByDescending(c => c.Ms).ToList();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"where the time went, {path} path, per completed task ({completed} tasks): CPU {Totals(before, after, completed).CpuMs:F2} ms in the platform's processes"));
        var columns = Counters.Select(c => c.Column).Distinct().ToList();
        Console.WriteLine($"{"process",-22} {"cpu ms",7} " + string.Join(" ", columns.Select(c => $"{c,8}")));
        foreach (var (name, ms) in cpu)
        {
            var values = columns.Select(column =>
            {
                var delta = Counters.Where(c => c.Column == column).Sum(c =>
                    (after.Counters.GetValueOrDefault(name)?.GetValueOrDefault(c.Metric) ?? 0) - (before.Counters.GetValueOrDefault(name)?.GetValueOrDefault(c.Metric) ?? 0));
                return after.Counters.ContainsKey(name) ? string.Create(CultureInfo.InvariantCulture, $"{delta * perTask,8:F2}") : $"{"",8}";
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-22} {ms,7:F2} ") + string.Join(" ", values));
        }
    }
}

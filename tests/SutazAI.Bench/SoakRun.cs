using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;

namespace SutazAI.Bench;

/// <summary>
/// Offers tasks at a steady rate through the gateway for a number of minutes and reports, per minute and in
/// total, throughput and p99 latencies, and every service's memory after warm-up and at the end.
/// </summary>
internal static class SoakRun
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly string[] Resources =
    [
        "gateway", "orchestrator", "models", "agent-analyst", "agent-chat", "agent-coder", "agent-reviewer", "agent-planner", "knowledge", "agent-researcher",
        "postgres", "redis-server", "rabbitmq-server",
    ];

    /// <summary>What a task asks for: a mix of capabilities, so more than one agent works.</summary>
    private static readonly (string Capability, Func<int, object> Input)[] Mix =
    [
        ("text.sentiment", i => new { text = $"I really like how this works, run {i}" }),
        ("text.keywords", i => new { text = $"Durable queues and idempotent consumers keep task {i} safe across restarts" }),
        ("text.sentiment", i => new { text = $"This is slow and disappointing, attempt {i}" }),
        ("code.review", i => new { language = "csharp", code = $"public static class C{i} {{ public static int Add(int a, int b) => a + b; }}" }),
    ];

    private sealed record Sample(double SubmitMs, double EndToEndMs, bool Completed);

    private static readonly TimeSpan PollStart = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PollCeiling = TimeSpan.FromSeconds(4);

    public static async Task<int> ExecuteAsync(PlatformHost platform, int minutes, int rate, int warmupSeconds, Action<string> log)
    {
        using var client = platform.CreateGatewayClient();
        client.Timeout = TimeSpan.FromSeconds(60);

        log($"warm-up: {warmupSeconds} s at {rate} tasks/s");
        var warmup = TimeSpan.FromSeconds(warmupSeconds);
        var beforeFloor = FloorAsync(platform, warmup - FloorWindow);
        await OfferAsync(client, rate, warmup, new ConcurrentBag<Sample>(), log, report: false);
        var before = await beforeFloor;
        log("memory floor (USS/PSS) after warm-up: " + Describe(before));

        var samples = new ConcurrentBag<Sample>();
        var stopwatch = Stopwatch.StartNew();
        var run = TimeSpan.FromMinutes(minutes);
        var afterFloor = FloorAsync(platform, run - FloorWindow);
        await OfferAsync(client, rate, run, samples, log, report: true);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var after = await afterFloor;

        var completed = samples.Where(s => s.Completed).ToList();
        Console.WriteLine();
        Console.WriteLine($"Soak: {minutes} min at {rate} tasks/s offered through the gateway");
        Console.WriteLine($"  tasks: {samples.Count} submitted, {completed.Count} completed, {samples.Count - completed.Count} not completed");
        Console.WriteLine($"  throughput: {completed.Count / seconds:F1} tasks/s completed ({completed.Count / seconds / rate:F2}x the offered rate)");
        Console.WriteLine($"  submit latency: p50 {Report.Percentile(samples.Select(s => s.SubmitMs), 50):F1} ms, p99 {Report.Percentile(samples.Select(s => s.SubmitMs), 99):F1} ms");
        Console.WriteLine($"  end-to-end latency: p50 {Report.Percentile(completed.Select(s => s.EndToEndMs), 50):F1} ms, p99 {Report.Percentile(completed.Select(s => s.EndToEndMs), 99):F1} ms");
        // Growth is judged on private memory (USS): PSS also moves when other processes map or drop shared pages.
        // Each figure is the lowest of the samples over the last 90 s, so garbage a collection has not yet
        // reclaimed does not count as growth, while anything retained does.
        Console.WriteLine("  memory floor after warm-up -> end:  USS (private)                       PSS");
        var grown = new List<string>();
        foreach (var name in Resources)
        {
            var (first, last) = (before[name], after[name]);
            var growth = (double)last.Uss / Math.Max(1, first.Uss) - 1;
            var pssGrowth = (double)last.Pss / Math.Max(1, first.Pss) - 1;
            Console.WriteLine($"    {name,-16} {first.Uss / 1048576.0,7:F1} -> {last.Uss / 1048576.0,7:F1} MB ({growth * 100:+0.0;-0.0;0.0}%)"
                + $"    {first.Pss / 1048576.0,7:F1} -> {last.Pss / 1048576.0,7:F1} MB ({pssGrowth * 100:+0.0;-0.0;0.0}%)");
            if (growth > 0.10)
            {
                grown.Add(name);
            }
        }

        Console.WriteLine(grown.Count == 0 ? "  no service's private memory grew by more than 10%" : $"  private memory grew by more than 10%: {string.Join(", ", grown)}");
        return grown.Count == 0 && completed.Count == samples.Count ? 0 : 1;
    }

    private static readonly TimeSpan FloorWindow = TimeSpan.FromSeconds(90);

    /// <summary>After <paramref name="delay"/>, samples every resource every 10 s for <see cref="FloorWindow"/>; the lowest of each.</summary>
    private static async Task<Dictionary<string, ProcessMemory>> FloorAsync(PlatformHost platform, TimeSpan delay)
    {
        await Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
        var floor = await platform.MeasureMemoryAsync(Resources);
        for (var elapsed = TimeSpan.Zero; elapsed < FloorWindow; elapsed += TimeSpan.FromSeconds(10))
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            foreach (var (name, memory) in await platform.MeasureMemoryAsync(Resources))
            {
                floor[name] = new ProcessMemory(Math.Min(floor[name].Pss, memory.Pss), Math.Min(floor[name].Uss, memory.Uss));
            }
        }

        return floor;
    }

    private static async Task OfferAsync(HttpClient client, int rate, TimeSpan duration, ConcurrentBag<Sample> samples, Action<string> log, bool report)
    {
        var nextReport = TimeSpan.FromMinutes(1);
        await PacedLoad.OfferAsync(rate, duration, i => RunOneAsync(client, i, samples), elapsed =>
        {
            if (report && elapsed >= nextReport)
            {
                var done = samples.Where(s => s.Completed).ToList();
                log($"{nextReport.TotalMinutes:F0} min: {done.Count} completed, submit p99 {Report.Percentile(samples.Select(s => s.SubmitMs), 99):F1} ms, "
                    + $"end-to-end p99 {Report.Percentile(done.Select(s => s.EndToEndMs), 99):F1} ms");
                nextReport += TimeSpan.FromMinutes(1);
            }
        });
    }

    private static async Task RunOneAsync(HttpClient client, int index, ConcurrentBag<Sample> samples)
    {
        var (capability, input) = Mix[index % Mix.Length];
        var timer = Stopwatch.GetTimestamp();
        using var response = await client.PostAsJsonAsync("/api/v1/tasks", new { capability, input = input(index) }, Json);
        var submitMs = Stopwatch.GetElapsedTime(timer).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            samples.Add(new Sample(submitMs, 0, false));
            return;
        }

        var task = (await response.Content.ReadFromJsonAsync<TaskView>(Json))!;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        // A patient client: each look waits longer than the last (up to PollCeiling). Looking every 200 ms made the
        // reads grow with the tasks in flight: the backlog of the first, cold minute (300 tasks, 1,500 reads a second)
        // kept growing until the platform completed nothing more (README, "Benchmark", soak).
        var pause = PollStart;
        while (!task.Status.IsFinal() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(pause);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, PollCeiling.Ticks));
            using var look = await client.GetAsync($"/api/v1/tasks/{task.Id}");
            if (look.IsSuccessStatusCode)
            {
                task = (await look.Content.ReadFromJsonAsync<TaskView>(Json))!;
            }
        }

        var completed = task.Status == TaskState.Completed;
        samples.Add(new Sample(submitMs, completed ? (task.CompletedAt!.Value - task.CreatedAt).TotalMilliseconds : 0, completed));
    }

    private static string Describe(Dictionary<string, ProcessMemory> memory) =>
        string.Join(", ", memory.Select(m => $"{m.Key} {m.Value.Uss / 1048576.0:F0}/{m.Value.Pss / 1048576.0:F0} MB"));
}

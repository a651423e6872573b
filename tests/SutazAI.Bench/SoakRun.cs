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
/// total, throughput and p99 latencies, and every service's memory under load and at rest, after warm-up and at the end.
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
        var busyFloor = FloorAsync(platform, warmup - FloorWindow, FloorWindow);
        await OfferAsync(client, rate, warmup, new ConcurrentBag<Sample>(), log, report: false);
        var busyBefore = await busyFloor;
        log("memory floor (USS/PSS) under load after warm-up: " + Describe(busyBefore));
        var restBefore = await RestAsync(platform, log);

        var samples = new ConcurrentBag<Sample>();
        var stopwatch = Stopwatch.StartNew();
        var run = TimeSpan.FromMinutes(minutes);
        busyFloor = FloorAsync(platform, run - FloorWindow, FloorWindow);
        await OfferAsync(client, rate, run, samples, log, report: true);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var busyAfter = await busyFloor;
        var restAfter = await RestAsync(platform, log);

        var completed = samples.Where(s => s.Completed).ToList();
        Console.WriteLine();
        Console.WriteLine($"Soak: {minutes} min at {rate} tasks/s offered through the gateway");
        Console.WriteLine($"  tasks: {samples.Count} submitted, {completed.Count} completed, {samples.Count - completed.Count} not completed");
        Console.WriteLine($"  throughput: {completed.Count / seconds:F1} tasks/s completed ({completed.Count / seconds / rate:F2}x the offered rate)");
        Console.WriteLine($"  submit latency: p50 {Report.Percentile(samples.Select(s => s.SubmitMs), 50):F1} ms, p99 {Report.Percentile(samples.Select(s => s.SubmitMs), 99):F1} ms");
        Console.WriteLine($"  end-to-end latency: p50 {Report.Percentile(completed.Select(s => s.EndToEndMs), 50):F1} ms, p99 {Report.Percentile(completed.Select(s => s.EndToEndMs), 99):F1} ms");
        // Growth is judged on retained memory (see Retained). Each figure is the lowest of 10-second samples. Under
        // load a busy service's heap is wherever its GC cycle happens to be (a full collection of the gateway can be
        // minutes apart), so growth is judged at rest, before and after the run, once every service had idle minutes
        // to collect and give memory back: what is still held then was retained. The floors under load are printed beside it.
        Console.WriteLine("  retained memory after warm-up -> end:       under load                          at rest (judged)");
        var grown = new List<string>();
        foreach (var name in Resources)
        {
            var busyGrowth = Growth(Retained(name, busyBefore[name]), Retained(name, busyAfter[name]));
            var restGrowth = Growth(Retained(name, restBefore[name]), Retained(name, restAfter[name]));
            Console.WriteLine($"    {name,-16} {Megabytes(Retained(name, busyBefore[name]))} -> {Megabytes(Retained(name, busyAfter[name]))} MB ({busyGrowth * 100:+0.0;-0.0;0.0}%)"
                + $"    {Megabytes(Retained(name, restBefore[name]))} -> {Megabytes(Retained(name, restAfter[name]))} MB ({restGrowth * 100:+0.0;-0.0;0.0}%)");
            if (restGrowth > MaxGrowth)
            {
                grown.Add(name);
            }
        }

        Console.WriteLine($"  PostgreSQL's buffer cache at rest (shared memory, PSS; bounded by shared_buffers): "
            + $"{Megabytes(restBefore["postgres"].SharedMemory)} -> {Megabytes(restAfter["postgres"].SharedMemory)} MB");
        Console.WriteLine($"  at rest, PSS of every service and daemon: {Megabytes(restBefore.Values.Sum(m => m.Pss))} -> {Megabytes(restAfter.Values.Sum(m => m.Pss))} MB");
        Console.WriteLine(grown.Count == 0
            ? $"  no service's retained memory at rest grew by more than {MaxGrowth:P0}"
            : $"  retained memory at rest grew by more than {MaxGrowth:P0}: {string.Join(", ", grown)}");
        return grown.Count == 0 && completed.Count == samples.Count ? 0 : 1;
    }

    /// <summary>The growth issue 19 allows a service over the soak.</summary>
    private const double MaxGrowth = 0.05;

    /// <summary>
    /// What a resource holds of its own: private memory (USS; PSS also moves when other processes map or drop shared
    /// pages). PostgreSQL's shared memory is its buffer cache, a fixed-size cache (shared_buffers) that fills with the
    /// pages of the rows the run wrote, whichever process touched them first (a page touched by one process alone counts
    /// as its private memory), so PostgreSQL is judged by the PSS of its processes outside shared memory, its
    /// backends' own heaps; the cache is reported beside it.
    /// </summary>
    private static long Retained(string name, ProcessMemory memory) => name == "postgres" ? memory.Pss - memory.SharedMemory : memory.Uss;

    private static readonly TimeSpan FloorWindow = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Until the connection pools have closed the connections the load opened (Npgsql closes one idle for 300 s,
    /// sampling every 10 s), so both rests have the same PostgreSQL backends; by then every service's trimmer has run
    /// several times. Then a minute of samples: memory at rest.
    /// </summary>
    private static readonly TimeSpan RestSettle = TimeSpan.FromSeconds(320);

    private static readonly TimeSpan RestWindow = TimeSpan.FromSeconds(60);

    private static async Task<Dictionary<string, ProcessMemory>> RestAsync(PlatformHost platform, Action<string> log)
    {
        log($"resting {(RestSettle + RestWindow).TotalSeconds:F0} s without load");
        var floor = await FloorAsync(platform, RestSettle, RestWindow);
        log("memory floor (USS/PSS) at rest: " + Describe(floor));
        return floor;
    }

    private static double Growth(long first, long last) => (double)last / Math.Max(1, first) - 1;

    private static string Megabytes(long bytes) => $"{bytes / 1048576.0,7:F1}";

    /// <summary>After <paramref name="delay"/>, samples every resource every 10 s for <paramref name="window"/>; each one's sample retaining least.</summary>
    private static async Task<Dictionary<string, ProcessMemory>> FloorAsync(PlatformHost platform, TimeSpan delay, TimeSpan window)
    {
        await Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
        var floor = await platform.MeasureMemoryAsync(Resources);
        for (var elapsed = TimeSpan.Zero; elapsed < window; elapsed += TimeSpan.FromSeconds(10))
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            foreach (var (name, memory) in await platform.MeasureMemoryAsync(Resources))
            {
                if (Retained(name, memory) < Retained(name, floor[name]))
                {
                    floor[name] = memory;
                }
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

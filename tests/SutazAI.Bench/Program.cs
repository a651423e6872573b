using System.Globalization;
using SutazAI.Bench;
using SutazAI.Testing;

// Submits the same text.sentiment load through the gateway and straight to the orchestrator, in one run
// against one freshly started platform, and prints throughput and latency of both paths and their ratio.
// With --soak N it instead offers a steady rate for N minutes and reports throughput, p99 and memory; with
// --protocols N it measures the OpenAI and MCP doors against their baselines (see ProtocolRun); with
// --knowledge N it measures ingestion, search, recall and memory of the knowledge service at N passages (see KnowledgeRun);
// with --guard it is the regression guard ./test.sh runs (see GuardRun).
var options = BenchOptions.Parse(args);
if (options.Settings.Count > 0)
{
    Log($"settings: {string.Join(", ", options.Settings)}");
}

if (options.Guard)
{
    return await GuardRun.ExecuteAsync(options.Settings, Log);
}

if (options.RecallChunks > 0)
{
    return KnowledgeRun.RecallOnly(options.RecallChunks, Log);
}

if (options.KnowledgeChunks > 0)
{
    return await KnowledgeRun.ExecuteAsync(options.KnowledgeChunks, options.Settings, Log);
}

if (options.ProtocolCalls > 0)
{
    return await ProtocolRun.ExecuteAsync(options.ProtocolCalls, Log);
}

if (options.SoakMinutes > 0)
{
    // Soak mode: a steady rate for minutes, with memory per service (see SoakRun).
    Log($"soak: {options.SoakMinutes} min at {options.Rate} tasks/s after {options.WarmupSeconds} s of warm-up");
    await using var soaked = await PlatformHost.StartAsync(Log, options.Settings);
    return await SoakRun.ExecuteAsync(soaked, options.SoakMinutes, options.Rate, options.WarmupSeconds, Log);
}

Log($"{options.Tasks} tasks, {options.Clients} concurrent clients per path, {options.Warmup} warm-up tasks per path and round");

await using var platform = await PlatformHost.StartAsync(Log, options.Settings);
using var gateway = platform.CreateGatewayClient();
using var direct = platform.CreateOrchestratorClient();

Log("warming up both paths until their rates are steady");
await WarmUp.UntilSteadyAsync([("gateway", gateway), ("direct", direct)], options.Warmup, options.Clients, Log);

// Each path in two halves, gateway-direct-direct-gateway: what changes while the run goes on (the services recompiling
// their hot code, the machine's drift) then falls on both paths alike, not on the one measured first.
var measured = new Dictionary<string, (LoadResult? Result, CostSnapshot Spent)>
{
    ["gateway"] = (null, CostSnapshot.Nothing),
    ["direct"] = (null, CostSnapshot.Nothing),
};
foreach (var (name, client, tasks) in new[] { ("gateway", gateway, options.Tasks / 2), ("direct", direct, options.Tasks / 2), ("direct", direct, options.Tasks - options.Tasks / 2), ("gateway", gateway, options.Tasks - options.Tasks / 2) })
{
    Log($"measuring the {name} path");
    var before = await CostProfile.TakeAsync(platform);
    var half = await LoadRun.ExecuteAsync(name, client, tasks, options.Clients, Log);
    Log(string.Create(CultureInfo.InvariantCulture, $"{name}: {half.Completed} completed, {half.Throughput:F0} tasks/s in this half"));
    var (result, spent) = measured[name];
    measured[name] = (result?.Plus(half) ?? half, (await CostProfile.TakeAsync(platform)).SinceAddedTo(before, spent));
}

List<LoadResult> results = [measured["gateway"].Result!, measured["direct"].Result!];
var costs = measured.Select(m => (Path: m.Key, Before: CostSnapshot.Nothing, After: m.Value.Spent)).ToList();

// The rate the gateway path sustains, then latency under shares of it, offered at a steady pace.
Log("finding the rate the gateway path sustains");
var sustained = await SustainedRate.FindAsync(gateway, results[0].Throughput, options.SustainedSteps, TimeSpan.FromSeconds(options.StepSeconds), Log);
var paced = new List<(LoadResult Result, double Rate)>();
foreach (var share in (double[])[0.5, 0.8])
{
    var rate = share * sustained.Rate;
    Log($"offering {share * 100:F0}% of the gateway path's sustained rate: {rate:F0} tasks/s for {options.PacedSeconds} s");
    paced.Add((await LoadRun.ExecutePacedAsync($"gateway at {share * 100:F0}%", gateway, rate, TimeSpan.FromSeconds(options.PacedSeconds), Log), rate));
}

Report.Print(results[0], results[1], options);
SustainedRate.Print(sustained);
foreach (var (result, rate) in paced)
{
    Report.PrintPaced(result, rate);
}
foreach (var ((path, before, after), result) in costs.Zip(results))
{
    CostProfile.Print(path, before, after, result.Completed);
}
return 0;

static void Log(string message) => Console.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");

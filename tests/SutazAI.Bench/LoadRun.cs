using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SutazAI.Contracts.Tasks;

namespace SutazAI.Bench;

internal sealed record LoadResult(
    string Path,
    int Tasks,
    int Completed,
    int Failed,
    double WallSeconds,
    double[] SubmitMs,
    double[] EndToEndMs)
{
    /// <summary>Completed tasks a second, from the first submission to the last completion.</summary>
    public double Throughput => Completed / WallSeconds;

    /// <summary>Two measurements of one path as one: their tasks, time and latencies together.</summary>
    public LoadResult Plus(LoadResult other) =>
        new(Path, Tasks + other.Tasks, Completed + other.Completed, Failed + other.Failed, WallSeconds + other.WallSeconds,
            [.. SubmitMs, .. other.SubmitMs], [.. EndToEndMs, .. other.EndToEndMs]);
}

/// <summary>One path's load: N submissions by C clients, then the wait until every task is final.</summary>
internal static class LoadRun
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string[] Texts =
    [
        "I love this, it works great",
        "This is terrible and it crashes every day",
        "The package arrived on Tuesday",
        "Not bad at all, quite pleasant actually",
        "I am extremely disappointed with the support",
    ];

    public static async Task<LoadResult> ExecuteAsync(string path, HttpClient client, int tasks, int clients, Action<string> log)
    {
        var submitted = new Submitted[tasks];
        var start = Stopwatch.GetTimestamp();
        var runStartUtc = DateTimeOffset.UtcNow;
        await ForEachAsync(tasks, clients, async index => submitted[index] = await SubmitAsync(path, client, index));
        log($"{path}: {tasks} submitted in {Stopwatch.GetElapsedTime(start).TotalSeconds:F2} s; waiting for completion");
        return await CollectAsync(path, client, submitted, runStartUtc, log);
    }

    /// <summary>
    /// One path's load offered open-loop: <paramref name="rate"/> submissions a second for <paramref name="duration"/>
    /// (see <see cref="PacedLoad"/>), then the wait until every task is final.
    /// </summary>
    public static async Task<LoadResult> ExecutePacedAsync(string path, HttpClient client, double rate, TimeSpan duration, Action<string> log)
    {
        var submitted = new ConcurrentDictionary<int, Submitted>();
        var runStartUtc = DateTimeOffset.UtcNow;
        var count = await PacedLoad.OfferAsync(rate, duration, async index => submitted[index] = await SubmitAsync(path, client, index));
        log($"{path}: {count} submitted at {rate:F0}/s offered; waiting for completion");
        return await CollectAsync(path, client, [.. submitted.OrderBy(s => s.Key).Select(s => s.Value)], runStartUtc, log);
    }

    private readonly record struct Submitted(Guid Id, DateTimeOffset Start, double SubmitMs);

    private static async Task<Submitted> SubmitAsync(string path, HttpClient client, int index)
    {
        var body = new { capability = "text.sentiment", input = new { text = $"{Texts[index % Texts.Length]} #{index}" } };
        var began = DateTimeOffset.UtcNow;
        var timer = Stopwatch.GetTimestamp();
        using var response = await client.PostAsJsonAsync("/api/v1/tasks", body, Json);
        var elapsed = Stopwatch.GetElapsedTime(timer).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"{path}: submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var task = (await response.Content.ReadFromJsonAsync<TaskView>(Json))!;
        return new Submitted(task.Id, began, elapsed);
    }

    private static async Task<LoadResult> CollectAsync(string path, HttpClient client, Submitted[] submitted, DateTimeOffset runStartUtc, Action<string> log)
    {
        var finals = await WaitForAllAsync(client, submitted.Select(s => s.Id).ToHashSet(), log, path);
        var lastCompletion = finals.Values.Max(t => t.CompletedAt ?? DateTimeOffset.UtcNow);
        var endToEnd = submitted
            .Where(s => finals[s.Id].Status == TaskState.Completed)
            .Select(s => (finals[s.Id].CompletedAt!.Value - s.Start).TotalMilliseconds)
            .ToArray();

        return new LoadResult(
            path,
            submitted.Length,
            finals.Values.Count(t => t.Status == TaskState.Completed),
            finals.Values.Count(t => t.Status != TaskState.Completed),
            (lastCompletion - runStartUtc).TotalSeconds,
            submitted.Select(s => s.SubmitMs).ToArray(),
            endToEnd);
    }

    /// <summary>Runs <paramref name="work"/> for indexes 0 to <paramref name="count"/> - 1, <paramref name="clients"/> at a time.</summary>
    public static async Task ForEachAsync(int count, int clients, Func<int, Task> work)
    {
        var next = -1;

        async Task Client()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                await work(index);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(Client)));
    }

    /// <summary>Reads the task list page by page (newest first) until every submitted task is final.</summary>
    private static async Task<Dictionary<Guid, TaskView>> WaitForAllAsync(HttpClient client, HashSet<Guid> ids, Action<string> log, string path)
    {
        var finals = new Dictionary<Guid, TaskView>();
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (finals.Count < ids.Count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{path}: only {finals.Count} of {ids.Count} tasks finished within 5 minutes.");
            }

            var seen = 0;
            for (var page = 1; seen < ids.Count; page++)
            {
                var listing = (await client.GetFromJsonAsync<PagedResult<TaskView>>($"/api/v1/tasks?page={page}&pageSize=200", Json))!;
                foreach (var task in listing.Items.Where(t => ids.Contains(t.Id)))
                {
                    seen++;
                    if (task.Status.IsFinal())
                    {
                        finals[task.Id] = task;
                    }
                }

                if (listing.Items.Count < 200)
                {
                    break;
                }
            }

            if (finals.Count < ids.Count)
            {
                log($"{path}: {finals.Count}/{ids.Count} final");
                await Task.Delay(500);
            }
        }

        return finals;
    }
}

using System.Diagnostics;
using Microsoft.Playwright;

namespace SutazAI.Web.Tests;

/// <summary>Runs only from <c>scripts/console-budgets.sh</c>: it measures time and memory, which a test must not bound.</summary>
public sealed class BudgetFactAttribute : FactAttribute
{
    public const string Switch = "SUTAZAI_CONSOLE_BUDGETS";

    public BudgetFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Switch) != "1")
        {
            Skip = $"A measurement: scripts/console-budgets.sh runs it ({Switch}=1).";
        }
    }
}

/// <summary>
/// The console's budgets on a warm platform: first page interactive, bytes downloaded per page (compressed, as sent),
/// and the console's memory with five people signed in. Prints the figures; fails past a budget.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class BudgetTests(ConsoleFixture platform)
{
    private const int People = 5;
    private const int Loads = 7;
    private static readonly TimeSpan SettleFor = TimeSpan.FromSeconds(75);
    private static readonly string[] PersonPages = ["/tasks", "/chat", "/goals", "/keys", "/agents"];

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    [BudgetFact]
    public async Task The_console_stays_within_its_budgets()
    {
        var idle = await platform.Host.MeasureMemoryAsync(["web"]);
        var contexts = new List<IBrowserContext>();
        var pages = new List<IPage>();
        var afterFirst = idle;
        for (var i = 0; i < People; i++)
        {
            var context = await platform.NewContextAsync();
            contexts.Add(context);
            var page = await platform.SignInAsync(context, i % 2 == 0 ? ConsoleFixture.Admin : ConsoleFixture.Person, PersonPages[i]);
            pages.Add(page);
            if (i == 0)
            {
                afterFirst = await platform.Host.MeasureMemoryAsync(["web"]);
            }
        }

        var justSignedIn = await platform.Host.MeasureMemoryAsync(["web"]);
        // Then as people are most of the time: signed in, reading a page. An idle service gives memory back after a
        // minute without a collection (ServiceDefaults' IdleMemoryTrimmer).
        await Task.Delay(SettleFor);
        var signedIn = await platform.Host.MeasureMemoryAsync(["web"]);
        using (var web = platform.Host.CreateServiceClient("web"))
        {
            foreach (var line in (await web.GetStringAsync("/metrics")).Split('\n').Where(l => !l.StartsWith('#') && (l.Contains("gc_committed", StringComparison.Ordinal) || l.Contains("heap_size", StringComparison.Ordinal) || l.Contains("jit", StringComparison.Ordinal) || l.Contains("assembl", StringComparison.Ordinal))))
            {
                Console.WriteLine($"[budget-detail] {line}");
            }
        }

        // First page interactive: from navigation until the page's own content has rendered over its live circuit.
        var times = new List<double>();
        var bytes = new Dictionary<string, long>();
        foreach (var path in (string[])["/tasks", "/chat", "/goals", "/agents", "/keys", "/admin/status"])
        {
            for (var i = 0; i < Loads; i++)
            {
                var page = await contexts[0].NewPageAsync();
                using var downloaded = new DownloadedBytes(page);
                var clock = Stopwatch.StartNew();
                await page.GotoAsync(path);
                await ConsoleFixture.Interactive(page);
                if (path == "/tasks")
                {
                    await page.GetByTestId("submit-task").WaitForAsync();
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }

                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                var total = await downloaded.TotalAsync();
                bytes[path] = i == 0 ? total : Math.Max(bytes.GetValueOrDefault(path), total);
                await page.CloseAsync();
            }
        }

        var afterLoads = await platform.Host.MeasureMemoryAsync(["web"]);
        times.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine($"[budget] first page (/tasks) interactive: median {median:0} ms, min {times[0]:0} ms, max {times[^1]:0} ms over {times.Count} loads");
        foreach (var (path, size) in bytes)
        {
            Console.WriteLine($"[budget] {path}: {size / 1024.0:0} KiB downloaded (compressed, headers included)");
        }

        Console.WriteLine($"[budget] console before this test's sign-ins: PSS {Mib(idle["web"].Pss)} MiB");
        Console.WriteLine($"[budget] console with one person signed in: PSS {Mib(afterFirst["web"].Pss)} MiB");
        Console.WriteLine($"[budget] console right after {People} people signed in and opened a page each: PSS {Mib(justSignedIn["web"].Pss)} MiB");
        Console.WriteLine($"[budget] console with {People} people signed in, each on a page, {SettleFor.TotalSeconds:0} s later: PSS {Mib(signedIn["web"].Pss)} MiB, USS {Mib(signedIn["web"].Uss)} MiB");
        Console.WriteLine($"[budget] the same after {times.Count * 6} more page loads (closed tabs' circuits kept for reconnection): PSS {Mib(afterLoads["web"].Pss)} MiB");
        Assert.True(median < 1500, $"First page interactive in {median:0} ms (budget 1,500 ms).");
        Assert.All(bytes, b => Assert.True(b.Value < 2 * 1024 * 1024, $"{b.Key}: {b.Value:N0} bytes (budget 2 MiB)."));
        Assert.True(signedIn["web"].Pss < 120L * 1024 * 1024, $"The console's PSS is {signedIn["web"].Pss:N0} bytes with {People} people (budget 120 MB).");
        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }
    }
}

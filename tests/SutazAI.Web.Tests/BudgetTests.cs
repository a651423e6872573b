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

    [BudgetFact]
    public async Task The_console_stays_within_its_budgets()
    {
        var contexts = new List<IBrowserContext>();
        var pages = new List<IPage>();
        for (var i = 0; i < People; i++)
        {
            var context = await platform.NewContextAsync();
            contexts.Add(context);
            pages.Add(await platform.SignInAsync(context, i % 2 == 0 ? ConsoleFixture.Admin : ConsoleFixture.Person, "/agents"));
        }

        // First page interactive: from navigation until the page's own content has rendered over its live circuit.
        var times = new List<double>();
        var bytes = new Dictionary<string, long>();
        foreach (var path in (string[])["/tasks", "/chat", "/goals", "/agents", "/keys", "/admin/status"])
        {
            for (var i = 0; i < Loads; i++)
            {
                var page = await contexts[0].NewPageAsync();
                var sizes = new List<Task<RequestSizesResult>>();
                page.RequestFinished += (_, request) => sizes.Add(request.SizesAsync());
                var clock = Stopwatch.StartNew();
                await page.GotoAsync(path);
                await ConsoleFixture.Interactive(page);
                if (path == "/tasks")
                {
                    await page.GetByTestId("submit-task").WaitForAsync();
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }

                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                var total = (await Task.WhenAll(sizes)).Sum(s => (long)s.ResponseBodySize + s.ResponseHeadersSize);
                bytes[path] = i == 0 ? total : Math.Max(bytes.GetValueOrDefault(path), total);
                await page.CloseAsync();
            }
        }

        var memory = await platform.Host.MeasureMemoryAsync(["web"]);
        times.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine($"[budget] first page (/tasks) interactive: median {median:0} ms, min {times[0]:0} ms, max {times[^1]:0} ms over {times.Count} loads");
        foreach (var (path, size) in bytes)
        {
            Console.WriteLine($"[budget] {path}: {size / 1024.0:0} KiB downloaded (compressed, headers included)");
        }

        Console.WriteLine($"[budget] console with {People} people signed in: PSS {memory["web"].Pss / 1024.0 / 1024:0.0} MiB, USS {memory["web"].Uss / 1024.0 / 1024:0.0} MiB");
        Assert.True(median < 1500, $"First page interactive in {median:0} ms (budget 1,500 ms).");
        Assert.All(bytes, b => Assert.True(b.Value < 2 * 1024 * 1024, $"{b.Key}: {b.Value:N0} bytes (budget 2 MiB)."));
        Assert.True(memory["web"].Pss < 120L * 1024 * 1024, $"The console's PSS is {memory["web"].Pss:N0} bytes (budget 120 MB).");
        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }
    }
}

using System.Net.Http.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SutazAI.Testing;

namespace SutazAI.Web.Tests;

/// <summary>
/// Every page at a laptop's and a phone's size, light and dark: a screenshot each (saved under
/// <see cref="ConsoleFixture.ScreenshotFolder"/>), WCAG 2.1 A and AA checked by axe-core inside the page, landmarks,
/// and the bytes of assets each page downloads.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class EveryPageTests(ConsoleFixture platform)
{
    private const long MaxAssetBytes = 2 * 1024 * 1024;

    private static readonly (int Width, int Height)[] Sizes = [(1280, 800), (390, 844)];

    [Fact]
    public async Task Every_page_passes_WCAG_AA_fits_its_window_at_laptop_and_phone_sizes_in_light_and_dark_and_stays_under_2_MB_of_assets()
    {
        Directory.CreateDirectory(ConsoleFixture.ScreenshotFolder);
        var pages = await PagesAsync();
        var problems = new List<string>();
        foreach (var (width, height) in Sizes)
        {
            foreach (var scheme in (ColorScheme[])[ColorScheme.Light, ColorScheme.Dark])
            {
                await using var context = await platform.NewContextAsync(width, height, scheme);
                var signIn = await context.NewPageAsync();
                await signIn.GotoAsync("/signin");
                await CheckAsync(signIn, "signin", width, scheme, problems);
                await signIn.CloseAsync();
                var page = await platform.SignInAsync(context, ConsoleFixture.Admin);
                foreach (var (name, path) in pages)
                {
                    using var downloaded = new DownloadedBytes(page);
                    await page.GotoAsync(path);
                    await ConsoleFixture.Interactive(page);
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                    await page.WaitForTimeoutAsync(300);
                    var bytes = await downloaded.TotalAsync();
                    if (bytes > MaxAssetBytes)
                    {
                        problems.Add($"{name}: {bytes:N0} bytes downloaded");
                    }

                    await CheckAsync(page, name, width, scheme, problems);
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Moving_through_a_page_with_the_keyboard_shows_where_the_focus_is()
    {
        await using var context = await platform.NewContextAsync();
        var page = await platform.SignInAsync(context, ConsoleFixture.Person);
        var focused = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var state = await page.EvaluateAsync<string[]>(
                "() => { const e = document.activeElement; const s = getComputedStyle(e); return [e.tagName + (e.id ? '#' + e.id : ''), s.outlineStyle + ' ' + s.outlineWidth]; }");
            var (element, outline) = (state[0], state[1]);
            if (element is "BODY" or "HTML")
            {
                continue;
            }

            focused.Add(element);
            Assert.False(outline.StartsWith("none", StringComparison.Ordinal) || outline.EndsWith(" 0px", StringComparison.Ordinal), $"{element} has focus with no visible outline ({outline})");
        }

        Assert.True(focused.Count >= 8, $"Tab reached only {focused.Count} elements: {string.Join(", ", focused)}");
        Assert.Contains(focused, e => e.Contains("#capability", StringComparison.Ordinal) || e.StartsWith("INPUT", StringComparison.Ordinal));
    }

    private async Task CheckAsync(IPage page, string name, int width, ColorScheme scheme, List<string> problems)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleFixture.ScreenshotFolder, $"{name}-{width}-{scheme.ToString().ToLowerInvariant()}.png"), FullPage = true });
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        problems.AddRange(result.Violations.Select(v =>
            $"{name} {width} {scheme}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(",", n.Target.ToString())))}"));
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        if (widths[0] > widths[1])
        {
            problems.Add($"{name} {width} {scheme}: the page is {widths[0]} px wide in a {widths[1]} px window (it scrolls sideways)");
        }

        if (await page.Locator("main").CountAsync() == 0)
        {
            problems.Add($"{name}: no main landmark");
        }
    }

    /// <summary>Each page once, with a task and a workflow of the admin's own to show.</summary>
    private async Task<List<(string Name, string Path)>> PagesAsync()
    {
        using var api = await platform.ClientAsAsync(ConsoleFixture.Admin);
        var task = await api.SubmitAcceptedAsync("text.entities", new { text = "Ada Lovelace met Charles Babbage in London in 1833." });
        await api.WaitUntilFinalAsync(task.Id);
        var workflow = await api.SubmitWorkflowAsync(new
        {
            name = "screenshot",
            steps = new object[]
            {
                new { id = "mood", capability = "text.sentiment", input = new { text = "What a fine day." } },
                new { id = "words", capability = "text.keywords", input = new { text = "What a fine day." }, dependsOn = new[] { "mood" } },
            },
        });
        await api.WaitUntilWorkflowEndsAsync(workflow.Id);
        using var session = await api.PostAsJsonAsync("/api/v1/chat/sessions", new { title = "A conversation" });
        using var document = await api.PostAsJsonAsync("/api/v1/knowledge/documents", new
        {
            collection = "handbook",
            name = "Leave policy",
            text = "# Leave\n\nEveryone has 25 days of paid leave a year. Unused days carry over until March.",
        });
        Assert.True(document.IsSuccessStatusCode, await document.Content.ReadAsStringAsync());
        var sessionId = (await session.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        return
        [
            ("tasks", "/tasks"), ("task", $"/tasks/{task.Id}"), ("chat", $"/chat/{sessionId}"), ("goals", "/goals"),
            ("workflow", $"/workflows/{workflow.Id}"), ("agents", "/agents"), ("knowledge", "/knowledge"), ("keys", "/keys"),
            ("admin-status", "/admin/status"), ("admin-users", "/admin/users"), ("admin-dead-letters", "/admin/dead-letters"),
        ];
    }
}

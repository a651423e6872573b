using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SutazAI.Testing;

namespace SutazAI.Web.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class KnowledgePageTests(ConsoleFixture platform)
{
    /// <summary>Ingestion's first document also loads the embedding model: minutes on a slow machine.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private const string Notes = """
        # Sea otters

        ## Sleeping
        Sea otters hold hands while they sleep so that they do not drift apart on the current. A group resting together is called a raft.

        ## Eating
        They crack open clams and urchins with stones they keep in a pouch of loose skin under the forearm.
        """;

    [Fact]
    public async Task A_document_uploaded_with_a_progress_bar_is_found_with_marked_words_and_an_answer_cites_it_with_a_passage_that_opens()
    {
        platform.Ollama.Responder = request => FakeOllama.LastUserText(request).Contains("hold hands", StringComparison.Ordinal)
            ? FakeReply.Text("Sea otters hold hands while sleeping so they do not drift apart [1].")
            : FakeReply.Text("No excerpt says so.");
        var collection = $"otters-{Guid.NewGuid():N}"[..16];
        await using var context = await platform.NewContextAsync();
        var page = await platform.SignInAsync(context, ConsoleFixture.Person, "/knowledge");
        // Every value the progress bar showed, recorded by the page as it rendered them.
        await page.EvaluateAsync("""
            () => {
              window.percents = [];
              new MutationObserver(() => {
                const bar = document.querySelector('[data-testid=upload-progress]');
                const value = bar && bar.getAttribute('data-percent');
                if (value !== null && value !== undefined && window.percents[window.percents.length - 1] !== value) window.percents.push(value);
              }).observe(document.body, { subtree: true, childList: true, attributes: true });
            }
            """);

        await page.Locator("#upload-collection").FillAsync(collection);
        await ConsoleFixture.FileFieldReady(page, "upload-file");
        await page.Locator("#upload-file").SetInputFilesAsync(new FilePayload { Name = "otters.md", MimeType = "text/markdown", Buffer = Encoding.UTF8.GetBytes(Notes) });

        await Assertions.Expect(page.GetByTestId("upload-status")).ToContainTextAsync("otters.md is ready", new() { Timeout = (float)Patience.TotalMilliseconds });
        var percents = (await page.EvaluateAsync<string[]>("() => window.percents")).Select(int.Parse).ToList();
        Assert.Equal(100, percents[^1]);
        Assert.True(percents.Count(p => p is > 0 and < 100) >= 2, $"The bar showed {string.Join(", ", percents)}");
        Assert.True(percents.Zip(percents.Skip(1)).All(pair => pair.First <= pair.Second), $"The bar went back: {string.Join(", ", percents)}");
        var row = page.GetByTestId("document-list").Locator("tr", new() { HasText = "otters.md" });
        await Assertions.Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Ready");
        await Assertions.Expect(page.GetByTestId("collection-list")).ToContainTextAsync(collection);

        await page.Locator("#search-query").FillAsync("otters sleep holding hands");
        await page.GetByTestId("search").ClickAsync();
        var marks = page.GetByTestId("search-hits").Locator("mark");
        await Assertions.Expect(marks.First).ToBeVisibleAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        var marked = (await marks.AllInnerTextsAsync()).Select(m => m.ToLowerInvariant()).ToList();
        Assert.Contains(marked, m => m.StartsWith("otter", StringComparison.Ordinal) || m.StartsWith("hand", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("search-hits").Locator("li").First).ToContainTextAsync("Sleeping");

        await page.Locator("#ask-question").FillAsync("Why do sea otters hold hands?");
        await page.GetByTestId("ask").ClickAsync();
        await Assertions.Expect(page.GetByTestId("answer")).ToContainTextAsync("drift apart", new() { Timeout = (float)Patience.TotalMilliseconds });
        var citation = page.GetByTestId("citations").Locator("[data-citation='1']");
        await Assertions.Expect(citation).ToContainTextAsync("otters.md");

        await citation.ClickAsync();
        await Assertions.Expect(page.GetByTestId("passage-text")).ToContainTextAsync("hold hands");
        await Assertions.Expect(page.GetByTestId("passage")).ToContainTextAsync("Sleeping");
        Directory.CreateDirectory(ConsoleFixture.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleFixture.ScreenshotFolder, "knowledge-answered-1280-light.png"), FullPage = true });
        var asked = platform.Ollama.Requests.Select(FakeOllama.LastUserText).Last(text => text.Contains("hold hands", StringComparison.Ordinal));
        Assert.Contains("[1]", asked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_an_unsupported_type_is_refused_with_the_problem_shown_and_nothing_stored()
    {
        await using var context = await platform.NewContextAsync();
        var page = await platform.SignInAsync(context, ConsoleFixture.Person, "/knowledge");
        using var api = await platform.ClientAsAsync(ConsoleFixture.Person);
        var before = JsonNode.Parse(await api.GetStringAsync("/api/v1/knowledge/documents?pageSize=1"))!["total"]!.GetValue<int>();

        await ConsoleFixture.FileFieldReady(page, "upload-file");
        await page.Locator("#upload-file").SetInputFilesAsync(new FilePayload { Name = "tiny.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] });

        await Assertions.Expect(page.GetByTestId("upload-problem")).ToContainTextAsync("nsupported", new() { Timeout = 30_000 });
        Assert.Equal(before, JsonNode.Parse(await api.GetStringAsync("/api/v1/knowledge/documents?pageSize=1"))!["total"]!.GetValue<int>());
    }
}

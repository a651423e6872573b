using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SutazAI.Testing;

namespace SutazAI.Web.Tests;

/// <summary>
/// The whole platform with the fake Ollama, two people (an admin and one without the admin scope) and Debian's
/// chromium driven by Playwright; no downloaded browser.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public static readonly string Password = $"pw-{Guid.NewGuid():N}";
    public const string Admin = "ada";
    public const string Person = "bob";

    /// <summary>Where the screenshots go (named in the README): <c>artifacts/console-screenshots</c> at the repository's root.</summary>
    public static readonly string ScreenshotFolder = Repository.Path("artifacts/console-screenshots");

    /// <summary>Short, so that a test sees the console refresh a sign-in's token before it expires (a minute ahead).</summary>
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(70);

    public FakeOllama Ollama { get; private set; } = null!;

    public PlatformHost Host { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Ollama = await FakeOllama.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        Host = await PlatformHost.StartAsync(
            message => Console.WriteLine($"[platform] {message}"),
            [$"Parameters:ollama-endpoint={Ollama.Endpoint}", $"Gateway:Auth:AccessTokenLifetime={AccessTokenLifetime:c}"],
            timeout.Token);
        await Host.WaitUntilHealthyAsync(["web"], TimeSpan.FromMinutes(2));
        using (var client = Host.CreateGatewayClient(withApiKey: false))
        {
            Gateway = client.BaseAddress!;
        }

        await RegisterAsync(Admin, ["tasks:read", "tasks:write", "chat", "models", "admin"]);
        await RegisterAsync(Person, null);

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    private async Task RegisterAsync(string username, string[]? scopes)
    {
        using var client = Host.CreateGatewayClient();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { username, password = ConsoleFixture.Password, scopes });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A fresh browser window (its own cookies) at the given size and colour scheme.</summary>
    public async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 800, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Gateway.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = scheme,
        });
        // What the browser saw goes to the test's output: a failing page test says why.
        context.Console += (_, message) => Console.WriteLine($"[browser {message.Type}] {message.Text}");
        context.RequestFailed += (_, request) => Console.WriteLine($"[browser] request failed: {request.Method} {request.Url} {request.Failure}");
        context.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Console.WriteLine($"[browser] {response.Status} {response.Request.Method} {response.Url}");
            }
        };
        return context;
    }

    /// <summary>A window signed in as <paramref name="username"/>, on the page it lands on.</summary>
    public async Task<IPage> SignInAsync(IBrowserContext context, string username, string returnUrl = "/tasks")
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        await Interactive(page);
        return page;
    }

    /// <summary>Waits until the page's Blazor circuit is up and the page has rendered its heading.</summary>
    public static async Task Interactive(IPage page)
    {
        await page.Locator("h1").First.WaitForAsync();
    }

    /// <summary>
    /// Waits until Blazor's script has wired the file field (its init marks the element with
    /// <c>_blazorInputFileNextFileId</c>); a file chosen before that is never heard by the circuit.
    /// </summary>
    public static async Task FileFieldReady(IPage page, string id)
    {
        await page.WaitForFunctionAsync("id => document.getElementById(id)?._blazorInputFileNextFileId !== undefined", id);
    }

    /// <summary>An HTTP client of the gateway signed in as <paramref name="username"/> (for checking what the console did).</summary>
    public async Task<HttpClient> ClientAsAsync(string username)
    {
        var client = Host.CreateGatewayClient(withApiKey: false);
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username, password = ConsoleFixture.Password });
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        await Host.DisposeAsync();
        await Ollama.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SutazAI.Web.Tests;

[Collection(ConsoleCollection.Name)]
public sealed partial class SignInTests(ConsoleFixture platform)
{
    [Fact]
    public async Task A_person_signs_in_with_username_and_password_and_lands_on_the_page_they_asked_for()
    {
        await using var context = await platform.NewContextAsync();
        var page = await context.NewPageAsync();

        var first = await page.GotoAsync("/agents");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        Assert.Equal(200, first!.Status);

        await page.GetByLabel("Username").FillAsync(ConsoleFixture.Admin);
        await page.GetByLabel("Password").FillAsync("not the password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("signin-error")).ToHaveTextAsync("Wrong username or password.");

        await page.GetByLabel("Password").FillAsync(ConsoleFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(AgentsPage());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Agents", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(ConsoleFixture.Admin);

        // The token stays on the server: the browser holds one HttpOnly, SameSite=Strict cookie that is not a JWT.
        var cookies = await context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "sutazai-console");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.DoesNotContain(cookies, c => c.Value.StartsWith("eyJ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_signing_out_the_back_button_shows_nothing_private()
    {
        await using var context = await platform.NewContextAsync();
        var page = await platform.SignInAsync(context, ConsoleFixture.Admin, "/keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1 })).ToBeVisibleAsync();

        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(SignInPage());
        await Assertions.Expect(page.GetByText("You are signed out.")).ToBeVisibleAsync();

        await page.GoBackAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Matches(SignInPage(), page.Url);
        Assert.DoesNotContain("API keys", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByTestId("signed-in-as").CountAsync());

        // The sign-in is over on the server too: the old cookie opens nothing.
        var again = await page.GotoAsync("/keys");
        Assert.Matches(SignInPage(), page.Url);
        Assert.Equal(200, again!.Status);
    }

    [Fact]
    public async Task The_console_refreshes_the_access_token_so_a_sign_in_outlives_it()
    {
        await using var context = await platform.NewContextAsync();
        var signedInAt = DateTime.UtcNow;
        var page = await platform.SignInAsync(context, ConsoleFixture.Person, "/agents");
        await Assertions.Expect(page.GetByTestId("agent-card").First).ToBeVisibleAsync();

        // Past the first access token's lifetime, the same window still reads the platform as the same person.
        var expired = signedInAt + ConsoleFixture.AccessTokenLifetime + TimeSpan.FromSeconds(5);
        await Task.Delay(expired - DateTime.UtcNow);
        await page.GotoAsync("/keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1 })).ToBeVisibleAsync();
        await page.GotoAsync("/agents");
        await Assertions.Expect(page.GetByTestId("agent-card").First).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByText("Your sign-in has ended").CountAsync());
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(ConsoleFixture.Person);
    }

    [GeneratedRegex("/signin")]
    private static partial Regex SignInPage();

    [GeneratedRegex("/agents$")]
    private static partial Regex AgentsPage();
}

using System.CommandLine;
using Spectre.Console;
using SutazAI.Cli.Settings;
using SutazAI.Cli.Terminal;
using SutazAI.Client;

namespace SutazAI.Cli.Commands;

/// <summary><c>login</c> signs in with a name and password and keeps only the refresh token; <c>logout</c> gives it up.</summary>
public static class LoginCommands
{
    public static Command Login()
    {
        var username = new Option<string>("--username", "-u") { Description = "Your user name", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (else it is asked for)" };
        var command = new Command("login", "Sign in and keep the session for later commands") { username, passwordStdin };
        command.Handle(async (session, parsed, cancellationToken) =>
        {
            var address = session.Address(StoredLogin.Load());
            var name = parsed.GetRequiredValue(username);
            var typed = parsed.GetValue(passwordStdin) ? (await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.TrimEnd('\r')
                : session.Console.Profile.Capabilities.Interactive ? await new TextPrompt<string>("Password:").Secret().ShowAsync(session.Console, cancellationToken).ConfigureAwait(false)
                : throw new CliException(ExitCodes.Refused, "No password: pass --password-stdin and write it to standard input.");
            if (string.IsNullOrEmpty(typed))
            {
                throw new CliException(ExitCodes.Refused, "The password is empty.");
            }

            SignedInTokens? tokens = null;
            using var client = SutazAIClient.Create(new SutazAIClientOptions { BaseAddress = address, UserName = name, Password = typed, TokensIssued = issued => tokens = issued });
            var me = (await client.V1.Auth.Me.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))!;
            new StoredLogin(address.ToString(), name, tokens!.RefreshToken).Save();
            await Output.WriteAsync(session, me, identity =>
                session.Console.MarkupLine($"Signed in to {Markup.Escape(address.ToString())} as [bold]{Markup.Escape(identity.Name ?? name)}[/] ({Markup.Escape(string.Join(", ", identity.Scopes ?? []))})")).ConfigureAwait(false);
            return ExitCodes.Done;
        });
        return command;
    }

    public static Command Logout()
    {
        var command = new Command("logout", "Sign out: the stored session is revoked and forgotten");
        command.Handle(async (session, _, cancellationToken) =>
        {
            if (StoredLogin.Load() is { } login)
            {
                using var client = SutazAIClient.Create(new SutazAIClientOptions { BaseAddress = new Uri(login.Url) });
                await client.V1.Auth.Logout.PostAsync(new Client.Api.Models.RefreshRequest { RefreshToken = login.RefreshToken }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            session.Console.Line(StoredLogin.Forget() ? "Signed out." : "Not signed in.");
            return ExitCodes.Done;
        });
        return command;
    }
}

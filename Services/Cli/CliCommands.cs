using System.CommandLine;
using Microsoft.Kiota.Abstractions;
using Spectre.Console;
using SutazAI.Cli.Commands;
using SutazAI.Cli.Settings;
using SutazAI.Cli.Terminal;

namespace SutazAI.Cli;

/// <summary>The command tree, the options every command shares, and how any command's failure becomes an exit code.</summary>
public static class CliCommands
{
    public static readonly Option<string?> Url = new("--url") { Description = "The gateway's address (else SUTAZAI_URL, else the stored login's)", Recursive = true };

    public static readonly Option<string> OutputFormat = new("--output", "-o") { Description = "text for people, json for scripts", Recursive = true, DefaultValueFactory = _ => "text" };

    public static RootCommand Build()
    {
        OutputFormat.AcceptOnlyFromAmong("text", "json");
        var root = new RootCommand("sutazai: work with a SutazAI platform from a terminal or a script. Exit codes: 0 done, 1 the task failed, 2 refused as invalid, 3 authentication, 4 unavailable.")
        {
            Url,
            OutputFormat,
            LoginCommands.Login(),
            LoginCommands.Logout(),
            TaskCommands.Build(),
            ChatCommand.Build(),
            GoalCommand.Build(),
            WorkflowCommands.Build(),
            InfoCommands.Agents(),
            InfoCommands.Status(),
            KeyCommands.Build(),
            CompletionCommand.Build(),
        };
        return root;
    }

    /// <summary>Parses and runs; a command line that does not parse is refused (2), not mistaken for a failed task (1).</summary>
    public static async Task<int> RunAsync(this RootCommand root, string[] args)
    {
        // "@file.json" is an input file here (curl's convention), not a response file of more arguments.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Invocation.CommandLineAction { ClearsParseErrors: true })
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine(error.Message);
            }

            Console.Error.WriteLine("Run 'sutazai --help' for the commands and options.");
            return ExitCodes.Refused;
        }

        return await parsed.InvokeAsync().ConfigureAwait(false);
    }

    /// <summary>Sets a command's action: a session from the shared options, and every failure as its exit code.</summary>
    public static void Handle(this Command command, Func<CliSession, ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var json = parsed.GetValue(OutputFormat) == "json";
            var errors = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            try
            {
                var url = parsed.GetValue(Url) is { } text ? CliSession.Parse(text, "--url") : null;
                var session = new CliSession(url, json, AnsiConsole.Console, errors);
                return await action(session, parsed, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException refused)
            {
                return Problems.Report(new CliSession(null, json, AnsiConsole.Console, errors), refused);
            }
            catch (CliException failed)
            {
                return Fail(json, errors, failed.ExitCode, failed.Message);
            }
            catch (HttpRequestException unreachable)
            {
                return Fail(json, errors, ExitCodes.Unavailable, $"The gateway could not be reached: {unreachable.Message}");
            }
        });

    private static int Fail(bool json, IAnsiConsole errors, int exitCode, string message)
    {
        if (json)
        {
            Console.Error.WriteLine(Output.Json(new { error = message, exitCode }));
        }
        else
        {
            errors.MarkupLine($"[red]{Markup.Escape(message)}[/]");
        }

        return exitCode;
    }
}

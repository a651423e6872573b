using Microsoft.Kiota.Abstractions;
using Spectre.Console;
using SutazAI.Cli.Settings;
using SutazAI.Client.Problems;

namespace SutazAI.Cli.Terminal;

/// <summary>A refusal shown readably (or as JSON on standard error for scripts), and the exit code it means.</summary>
public static class Problems
{
    public static int ExitCodeFor(int status) => status switch
    {
        401 or 403 => ExitCodes.Authentication,
        >= 400 and < 500 => ExitCodes.Refused,
        _ => ExitCodes.Unavailable,
    };

    public static int Report(CliSession session, ApiException refused)
    {
        var problem = refused as IProblem;
        if (session.Json)
        {
            System.Console.Error.WriteLine(Output.Json(
                new { status = refused.ResponseStatusCode, type = problem?.Type, title = problem?.Title, detail = problem?.Detail ?? refused.Message, errors = problem?.FieldErrors }));
        }
        else
        {
            var title = problem?.Title ?? "Refused";
            session.Errors.MarkupLine($"[red]{Markup.Escape(title)}[/] ({refused.ResponseStatusCode}): {Markup.Escape(problem?.Detail ?? refused.Message)}");
            foreach (var (field, messages) in problem?.FieldErrors ?? new Dictionary<string, string[]>())
            {
                foreach (var message in messages)
                {
                    session.Errors.MarkupLine($"  [yellow]{Markup.Escape(field)}[/]: {Markup.Escape(message)}");
                }
            }
        }

        return ExitCodeFor(refused.ResponseStatusCode);
    }
}

using System.CommandLine;
using System.Text;
using Spectre.Console;
using SutazAI.Cli.Terminal;
using SutazAI.Client.Api.Models;

namespace SutazAI.Cli.Commands;

/// <summary>
/// <c>chat</c>: a conversation with the platform's LLM, each reply streamed and rendered as Markdown as it is written.
/// Interactive until <c>/exit</c> or end of input; <c>--message</c> says one thing and returns.
/// </summary>
public static class ChatCommand
{
    private const int MaxTitleLength = 60;

    public static Command Build()
    {
        var sessionId = new Option<Guid?>("--session") { Description = "Continue this conversation (else a new one)" };
        var message = new Option<string?>("--message", "-m") { Description = "Say this, print the reply and return" };
        var command = new Command("chat", "Talk with the platform's LLM") { sessionId, message };
        command.Handle(async (session, parsed, cancellationToken) =>
        {
            using var client = session.Connect();
            var conversation = parsed.GetValue(sessionId);
            if (parsed.GetValue(message) is { } once)
            {
                conversation ??= await StartAsync(client, once, cancellationToken).ConfigureAwait(false);
                var reply = await ReplyAsync(session, client, conversation.Value, once, cancellationToken).ConfigureAwait(false);
                if (session.Json)
                {
                    Output.WriteJson(Output.Json(new { sessionId = conversation, reply }));
                }

                return ExitCodes.Done;
            }

            if (session.Json)
            {
                throw new CliException(ExitCodes.Refused, "An interactive chat has no JSON form: pass --message with --output json.");
            }

            session.Console.MarkupLine("[grey]Chat with the platform's LLM; /exit or Ctrl-D ends.[/]");
            while (!cancellationToken.IsCancellationRequested)
            {
                session.Console.Markup("[bold blue]you>[/] ");
                var line = await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (line is null || line.Trim() == "/exit")
                {
                    break;
                }

                if (line.Trim().Length == 0)
                {
                    continue;
                }

                conversation ??= await StartAsync(client, line, cancellationToken).ConfigureAwait(false);
                await ReplyAsync(session, client, conversation.Value, line, cancellationToken).ConfigureAwait(false);
            }

            if (conversation is { } id)
            {
                session.Console.MarkupLine($"[grey]conversation {id}: continue it with --session {id}[/]");
            }

            return ExitCodes.Done;
        });
        return command;
    }

    private static async Task<Guid> StartAsync(Client.SutazAIClient client, string firstMessage, CancellationToken cancellationToken)
    {
        var title = firstMessage.Length > MaxTitleLength ? firstMessage[..MaxTitleLength] + "…" : firstMessage;
        var created = await client.V1.Chat.Sessions.PostAsync(new CreateChatSessionRequest { Title = title }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return created!.Id!.Value;
    }

    private static async Task<string> ReplyAsync(Settings.CliSession session, Client.SutazAIClient client, Guid conversation, string message, CancellationToken cancellationToken)
    {
        var reply = new StringBuilder();
        var markdown = new TerminalMarkdown(session.Console);
        if (!session.Json)
        {
            session.Console.MarkupLine("[bold green]sutazai>[/]");
        }

        await foreach (var piece in client.ChatAsync(conversation, message, cancellationToken).ConfigureAwait(false))
        {
            reply.Append(piece);
            if (!session.Json)
            {
                markdown.Append(piece);
            }
        }

        if (!session.Json)
        {
            markdown.Finish();
        }

        return reply.ToString();
    }
}

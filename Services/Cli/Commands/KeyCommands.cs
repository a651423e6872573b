using System.CommandLine;
using Spectre.Console;
using SutazAI.Cli.Terminal;
using SutazAI.Client.Api.Models;

namespace SutazAI.Cli.Commands;

/// <summary><c>keys create|list|revoke</c>: API keys that act for you with the scopes you give them.</summary>
public static class KeyCommands
{
    public static Command Build()
    {
        var keys = new Command("keys", "Create, list and revoke your API keys");
        var name = new Option<string>("--name") { Description = "What the key is for", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = "A scope the key may use (repeat); at most your own", Required = true, AllowMultipleArgumentsPerToken = true };
        var expires = new Option<DateTimeOffset?>("--expires") { Description = "When the key stops working (ISO 8601)" };
        var create = new Command("create", "Create a key; it is shown once") { name, scopes, expires };
        create.Handle(async (session, parsed, cancellationToken) =>
        {
            using var client = session.Connect();
            var created = (await client.V1.Keys.PostAsync(
                new CreateApiKeyRequest { Name = parsed.GetRequiredValue(name), Scopes = [.. parsed.GetRequiredValue(scopes)], ExpiresAt = parsed.GetValue(expires) },
                cancellationToken: cancellationToken).ConfigureAwait(false))!;
            await Output.WriteAsync(session, created, key =>
            {
                session.Console.MarkupLine($"Key [bold]{Markup.Escape(key.Name ?? "")}[/] ({key.Id}), scopes {Markup.Escape(string.Join(", ", key.Scopes ?? []))}:");
                session.Console.Line(key.Key ?? "");
                session.Console.MarkupLine("[yellow]It is shown only now: keep it somewhere safe.[/]");
            }).ConfigureAwait(false);
            return ExitCodes.Done;
        });

        var list = new Command("list", "Your keys (never the secrets)");
        list.Handle(async (session, _, cancellationToken) =>
        {
            using var client = session.Connect();
            var all = (await client.V1.Keys.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))!;
            await Output.WriteAsync(session, all, views =>
            {
                var table = new Table().AddColumns("Id", "Name", "Prefix", "Scopes", "Expires", "Revoked");
                foreach (var key in views)
                {
                    table.AddRow(Markup.Escape($"{key.Id}"), Markup.Escape(key.Name ?? ""), Markup.Escape(key.Prefix ?? ""), Markup.Escape(string.Join(", ", key.Scopes ?? [])),
                        Markup.Escape($"{key.ExpiresAt:u}"), Markup.Escape($"{key.RevokedAt:u}"));
                }

                session.Console.Write(table);
            }).ConfigureAwait(false);
            return ExitCodes.Done;
        });

        var id = new Argument<Guid>("id") { Description = "The key's id (from 'keys list')" };
        var revoke = new Command("revoke", "Revoke a key: it stops working within seconds") { id };
        revoke.Handle(async (session, parsed, cancellationToken) =>
        {
            using var client = session.Connect();
            await client.V1.Keys[parsed.GetRequiredValue(id)].DeleteAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!session.Json)
            {
                session.Console.Line($"Revoked {parsed.GetRequiredValue(id)}.");
            }
            else
            {
                Output.WriteJson(Output.Json(new { revoked = parsed.GetRequiredValue(id) }));
            }

            return ExitCodes.Done;
        });

        keys.Add(create);
        keys.Add(list);
        keys.Add(revoke);
        return keys;
    }
}

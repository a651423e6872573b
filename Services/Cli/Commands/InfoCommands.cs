using System.CommandLine;
using Spectre.Console;
using SutazAI.Cli.Terminal;

namespace SutazAI.Cli.Commands;

/// <summary><c>agents</c> (who can do what) and <c>status</c> (is every service up).</summary>
public static class InfoCommands
{
    public static Command Agents()
    {
        var command = new Command("agents", "The agents, their health and what they can do");
        command.Handle(async (session, _, cancellationToken) =>
        {
            using var client = session.Connect();
            var agents = (await client.V1.Agents.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))!;
            await Output.WriteAsync(session, agents, list =>
            {
                var table = new Table().AddColumns("Agent", "Healthy", "Instances", "In flight", "Capabilities");
                foreach (var agent in list)
                {
                    table.AddRow(Markup.Escape(agent.Agent ?? ""), agent.Healthy == true ? "[green]yes[/]" : "[red]no[/]", $"{agent.Instances?.Count ?? 0}",
                        $"{agent.InFlight}/{agent.Capacity}", Markup.Escape(string.Join(", ", agent.Capabilities ?? [])));
                }

                session.Console.Write(table);
            }).ConfigureAwait(false);
            return ExitCodes.Done;
        });
        return command;
    }

    public static Command Status()
    {
        var command = new Command("status", "Every service's health (needs the admin scope)");
        command.Handle(async (session, _, cancellationToken) =>
        {
            using var client = session.Connect();
            var status = (await client.V1.Status.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))!;
            await Output.WriteAsync(session, status, platform =>
            {
                session.Console.MarkupLine($"Platform: [bold]{Markup.Escape(platform.Status ?? "")}[/] at {platform.At:u}");
                var table = new Table().AddColumns("Service", "Status", "Version", "Up for", "Error");
                foreach (var service in platform.Services ?? [])
                {
                    var colour = service.Status == "Healthy" ? "green" : "red";
                    table.AddRow(Markup.Escape(service.Name ?? ""), $"[{colour}]{Markup.Escape(service.Status ?? "")}[/]", Markup.Escape(service.Version ?? ""),
                        Markup.Escape(TimeSpan.FromSeconds(Math.Round(service.UptimeSeconds ?? 0)).ToString()), Markup.Escape(service.Error ?? ""));
                }

                session.Console.Write(table);
            }).ConfigureAwait(false);
            return ExitCodes.Done;
        });
        return command;
    }
}

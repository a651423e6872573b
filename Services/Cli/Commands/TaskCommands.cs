using System.CommandLine;
using Spectre.Console;
using SutazAI.Cli.Terminal;

namespace SutazAI.Cli.Commands;

/// <summary><c>task submit|list|show|cancel|watch</c>.</summary>
public static class TaskCommands
{
    public static Command Build()
    {
        var task = new Command("task", "Submit, list, show, cancel and follow tasks");
        task.Add(Submit());
        task.Add(List());
        task.Add(Show());
        task.Add(Cancel());
        task.Add(Watch());
        return task;
    }

    private static Argument<Guid> TaskId() => new("id") { Description = "The task's id" };

    private static Command Submit()
    {
        var capability = new Argument<string>("capability") { Description = "What to do, e.g. text.sentiment (see 'sutazai agents')" };
        var input = new Option<string?>("--input", "-i") { Description = "The input: JSON, @file.json, or - for standard input" };
        var priority = new Option<int?>("--priority") { Description = "0-9; above 5 needs the tasks:priority scope" };
        var agent = new Option<string?>("--agent") { Description = "A particular agent" };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the accepted task and return at once" };
        var command = new Command("submit", "Submit a task and follow it to its end") { capability, input, priority, agent, noWait };
        command.Handle(async (session, parsed, cancellationToken) =>
        {
            var body = JsonInput.Read(parsed.GetValue(input), "--input");
            using var client = session.Connect();
            var accepted = await client.SubmitTaskAsync(parsed.GetRequiredValue(capability), body, parsed.GetValue(priority), parsed.GetValue(agent), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (parsed.GetValue(noWait))
            {
                await Output.WriteAsync(session, accepted, view => TaskDisplay.Show(session, view)).ConfigureAwait(false);
                return ExitCodes.Done;
            }

            return await TaskDisplay.FollowAsync(session, client, accepted.Id!.Value, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command List()
    {
        var status = new Option<string?>("--status") { Description = "Only tasks in this state" };
        status.AcceptOnlyFromAmong("Queued", "Running", "Completed", "Failed", "Cancelled");
        var page = new Option<int?>("--page") { Description = "Page number, from 1" };
        var pageSize = new Option<int?>("--page-size") { Description = "Tasks per page" };
        var command = new Command("list", "Your tasks, newest first") { status, page, pageSize };
        command.Handle(async (session, parsed, cancellationToken) =>
        {
            using var client = session.Connect();
            var tasks = (await client.V1.Tasks.GetAsync(
                config => (config.QueryParameters.Status, config.QueryParameters.Page, config.QueryParameters.PageSize) = (parsed.GetValue(status), parsed.GetValue(page), parsed.GetValue(pageSize)),
                cancellationToken).ConfigureAwait(false))!;
            await Output.WriteAsync(session, tasks, result =>
            {
                var table = new Table().AddColumns("Id", "Capability", "Status", "Progress", "Created");
                foreach (var item in result.Items ?? [])
                {
                    table.AddRow(Markup.Escape(item.Id.ToString()!), Markup.Escape(item.Capability ?? ""), Markup.Escape(item.Status.ToString()!), $"{item.Progress}%", Markup.Escape($"{item.CreatedAt:u}"));
                }

                session.Console.Write(table);
                session.Console.Line($"page {result.Page} of {Math.Max(1, (int)Math.Ceiling((result.Total ?? 0) / (double)Math.Max(1, result.PageSize ?? 1)))}, {result.Total} tasks");
            }).ConfigureAwait(false);
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command Show()
    {
        var id = TaskId();
        var command = new Command("show", "One task with its input and result") { id };
        command.Handle(async (session, parsed, cancellationToken) =>
        {
            using var client = session.Connect();
            var task = (await client.V1.Tasks[parsed.GetRequiredValue(id)].GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))!;
            await Output.WriteAsync(session, task, view => TaskDisplay.Show(session, view)).ConfigureAwait(false);
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command Cancel()
    {
        var id = TaskId();
        var command = new Command("cancel", "Cancel a task that has not ended") { id };
        command.Handle(async (session, parsed, cancellationToken) =>
        {
            using var client = session.Connect();
            var task = (await client.V1.Tasks[parsed.GetRequiredValue(id)].DeleteAsync(cancellationToken: cancellationToken).ConfigureAwait(false))!;
            await Output.WriteAsync(session, task, view => TaskDisplay.Show(session, view)).ConfigureAwait(false);
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command Watch()
    {
        var id = TaskId();
        var command = new Command("watch", "Follow a task to its end") { id };
        command.Handle(async (session, parsed, cancellationToken) =>
        {
            using var client = session.Connect();
            return await TaskDisplay.FollowAsync(session, client, parsed.GetRequiredValue(id), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}

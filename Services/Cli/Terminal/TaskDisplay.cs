using Spectre.Console;
using SutazAI.Cli.Settings;
using SutazAI.Client;
using SutazAI.Client.Api.Models;
using SutazAI.Client.Json;
using SutazAI.Client.Streams;

namespace SutazAI.Cli.Terminal;

/// <summary>A task followed to its end: a live progress bar in a terminal, a line per change otherwise, then its result.</summary>
public static class TaskDisplay
{
    public static async Task<int> FollowAsync(CliSession session, SutazAIClient client, Guid taskId, CancellationToken cancellationToken)
    {
        TaskView ended;
        if (session.Json)
        {
            ended = await client.WaitForCompletionAsync(taskId, cancellationToken: cancellationToken).ConfigureAwait(false);
            Output.WriteJson(await Output.JsonOfAsync(ended).ConfigureAwait(false));
            return ExitCodeOf(ended);
        }

        if (session.Console.Profile.Capabilities.Interactive)
        {
            ended = await session.Console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    var bar = progress.AddTask($"task {taskId:N}"[..13], maxValue: 100);
                    await foreach (var change in client.FollowTaskAsync(taskId, cancellationToken: cancellationToken).ConfigureAwait(false))
                    {
                        if (change.Status is { } status)
                        {
                            bar.Value = status.Progress;
                            bar.Description = Markup.Escape($"{status.Status}{(status.Message is { } message ? ": " + message : "")}");
                        }
                    }

                    bar.StopTask();
                    return (await client.V1.Tasks[taskId].GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))!;
                }).ConfigureAwait(false);
        }
        else
        {
            string? last = null;
            ended = await client.WaitForCompletionAsync(taskId, new SynchronousProgress(change =>
            {
                if (change.Status is { } status && $"{status.Progress,3}% {status.Status}{(status.Message is { } message ? ": " + message : "")}" is var line && line != last)
                {
                    session.Console.Line($"[{line}]");
                    last = line;
                }
            }), cancellationToken).ConfigureAwait(false);
        }

        Show(session, ended);
        return ExitCodeOf(ended);
    }

    public static int ExitCodeOf(TaskView task) => task.Status == TaskState.Completed ? ExitCodes.Done : ExitCodes.TaskFailed;

    /// <summary>A task for people: its state and, when it ended, its result or what went wrong.</summary>
    public static void Show(CliSession session, TaskView task)
    {
        var colour = task.Status switch { TaskState.Completed => "green", TaskState.Failed or TaskState.Cancelled => "red", _ => "yellow" };
        session.Console.MarkupLine($"[{colour}]{task.Status}[/] {Markup.Escape(task.Capability ?? "")} [grey]{task.Id}[/] ({task.Progress}%)");
        if (task.Error is { } error)
        {
            session.Errors.MarkupLine($"[red]{Markup.Escape(error.Type ?? "error")}[/]: {Markup.Escape(error.Detail ?? "")}");
        }

        if (task.Result is { } result && task.Status == TaskState.Completed)
        {
            session.Console.Line(Output.Pretty(result.ToElement()));
        }
    }

    /// <summary>Reports on the caller's thread (<see cref="Progress{T}"/> would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(Action<TaskStreamEvent> report) : IProgress<TaskStreamEvent>
    {
        public void Report(TaskStreamEvent value) => report(value);
    }
}

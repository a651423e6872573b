using Spectre.Console;
using Spectre.Console.Rendering;
using SutazAI.Cli.Settings;
using SutazAI.Client;
using SutazAI.Client.Api.Models;

namespace SutazAI.Cli.Terminal;

/// <summary>
/// A workflow (or a goal's plan) as a tree of its steps, each under the step it waits for, updated live in a terminal;
/// elsewhere a line per step that changes, then the tree.
/// </summary>
public static class WorkflowDisplay
{
    public static async Task<int> FollowAsync(CliSession session, SutazAIClient client, Guid workflowId, string title, CancellationToken cancellationToken)
    {
        WorkflowView ended;
        if (session.Json)
        {
            ended = await client.WaitForWorkflowAsync(workflowId, cancellationToken: cancellationToken).ConfigureAwait(false);
            Output.WriteJson(await Output.JsonOfAsync(ended).ConfigureAwait(false));
            return ExitCodeOf(ended);
        }

        if (session.Console.Profile.Capabilities.Interactive)
        {
            await session.Console.Live(Render(title, null)).StartAsync(async live =>
            {
                await foreach (var change in client.FollowWorkflowAsync(workflowId, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    live.UpdateTarget(Render(title, change.Workflow));
                }
            }).ConfigureAwait(false);
            ended = (await client.V1.Workflows[workflowId].GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))!;
        }
        else
        {
            var seen = new Dictionary<string, StepState?>();
            await foreach (var change in client.FollowWorkflowAsync(workflowId, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                foreach (var step in change.Workflow.Steps ?? [])
                {
                    if (!seen.TryGetValue(step.Id ?? "", out var before) || before != step.Status)
                    {
                        seen[step.Id ?? ""] = step.Status;
                        session.Console.Line($"[{step.Id}] {step.Capability}: {step.Status}");
                    }
                }
            }

            ended = (await client.V1.Workflows[workflowId].GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))!;
            session.Console.Write(Render(title, ended));
        }

        if (ended.Error is { Length: > 0 } error)
        {
            session.Errors.MarkupLine($"[red]{ended.Status}[/]: {Markup.Escape(error)}");
        }

        return ExitCodeOf(ended);
    }

    public static int ExitCodeOf(WorkflowView workflow) => workflow.Status == WorkflowState.Completed ? ExitCodes.Done : ExitCodes.TaskFailed;

    public static IRenderable Render(string title, WorkflowView? workflow)
    {
        var tree = new Tree($"[bold]{Markup.Escape(title)}[/] {Badge(workflow?.Status?.ToString() ?? "Planning")}");
        var steps = workflow?.Steps ?? [];
        if (steps.Count == 0)
        {
            tree.AddNode("[grey]planning…[/]");
            return tree;
        }

        var nodes = new Dictionary<string, TreeNode>();
        var placed = new HashSet<string>();
        // Steps in the order they can run: each goes under the last step it depends on.
        while (placed.Count < steps.Count)
        {
            var ready = steps.Where(s => !placed.Contains(s.Id ?? "") && (s.DependsOn ?? []).All(placed.Contains)).ToList();
            if (ready.Count == 0)
            {
                ready = [.. steps.Where(s => !placed.Contains(s.Id ?? ""))];
            }

            foreach (var step in ready)
            {
                var label = $"{Badge(step.Status?.ToString() ?? "Pending")} [bold]{Markup.Escape(step.Id ?? "")}[/] {Markup.Escape(step.Capability ?? "")}"
                    + (step.DependsOn is { Count: > 1 } after ? $" [grey](after {Markup.Escape(string.Join(", ", after))})[/]" : "")
                    + (step.Error is { Length: > 0 } error ? $" [red]{Markup.Escape(error)}[/]" : "");
                var parent = step.DependsOn is { Count: > 0 } dependsOn && nodes.TryGetValue(dependsOn[^1], out var under) ? under : null;
                nodes[step.Id ?? ""] = parent is null ? tree.AddNode(label) : parent.AddNode(label);
                placed.Add(step.Id ?? "");
            }
        }

        return tree;
    }

    private static string Badge(string state) => state switch
    {
        "Completed" => "[green]✔ Completed[/]",
        "Failed" => "[red]✘ Failed[/]",
        "Cancelled" or "Skipped" => $"[grey]– {state}[/]",
        "Running" => "[yellow]▶ Running[/]",
        _ => $"[grey]○ {state}[/]",
    };
}

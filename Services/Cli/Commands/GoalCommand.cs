using System.CommandLine;
using SutazAI.Cli.Terminal;
using SutazAI.Client.Api.Models;
using SutazAI.Client.Json;

namespace SutazAI.Cli.Commands;

/// <summary><c>goal "words"</c>: the planner turns the goal into steps; the plan shows as a tree that updates as the steps run.</summary>
public static class GoalCommand
{
    public static Command Build()
    {
        var words = new Argument<string>("goal") { Description = "What you want done, in words" };
        var input = new Option<string?>("--input", "-i") { Description = "Input the steps may use: JSON, @file.json or -" };
        var command = new Command("goal", "Plan a goal into steps and run them") { words, input };
        command.Handle(async (session, parsed, cancellationToken) =>
        {
            var body = new GoalRequest { Goal = parsed.GetRequiredValue(words), Input = UntypedJson.FromElement(JsonInput.Read(parsed.GetValue(input), "--input")) };
            using var client = session.Connect();
            var accepted = (await client.V1.Goals.PostAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false))!;
            return await WorkflowDisplay.FollowAsync(session, client, accepted.WorkflowId!.Value, body.Goal, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}

using System.CommandLine;
using System.Text.Json;
using Microsoft.Kiota.Serialization.Json;
using SutazAI.Cli.Terminal;
using SutazAI.Client.Api.Models;

namespace SutazAI.Cli.Commands;

/// <summary><c>workflow run file.json</c>: submits a workflow (the body of <c>POST /api/v1/workflows</c>) and follows it.</summary>
public static class WorkflowCommands
{
    public static Command Build()
    {
        var workflow = new Command("workflow", "Run workflows");
        var file = new Argument<string>("file") { Description = "The workflow as JSON: {name, input, steps:[{id, capability, input, dependsOn}]}; - for standard input" };
        var run = new Command("run", "Submit a workflow and follow its steps to the end") { file };
        run.Handle(async (session, parsed, cancellationToken) =>
        {
            var path = parsed.GetRequiredValue(file);
            var json = JsonInput.Read(path == "-" ? "-" : "@" + path, "the workflow");
            if (json.ValueKind != JsonValueKind.Object)
            {
                throw new CliException(ExitCodes.Refused, "The workflow must be a JSON object: {name, input, steps}.");
            }

            var body = new JsonParseNode(json).GetObjectValue(SubmitWorkflowRequest.CreateFromDiscriminatorValue)!;
            using var client = session.Connect();
            var submitted = (await client.V1.Workflows.PostAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false))!;
            return await WorkflowDisplay.FollowAsync(session, client, submitted.Id!.Value, submitted.Name ?? "workflow", cancellationToken).ConfigureAwait(false);
        });
        workflow.Add(run);
        return workflow;
    }
}

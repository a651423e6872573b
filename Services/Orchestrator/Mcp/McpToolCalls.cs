using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Tasks;
using SutazAI.Orchestrator.Workflows;

namespace SutazAI.Orchestrator.Mcp;

/// <summary>
/// An MCP tool call is a task submitted as the caller, like <c>POST /api/v1/tasks</c>: the call lasts as long as
/// the task, the task's progress events become MCP progress notifications, cancelling the call cancels the task,
/// and the task's result is the tool's structured result (with its JSON as text). <see cref="McpTools.GoalTool"/>
/// starts a goal and answers at once.
/// </summary>
public sealed partial class McpToolCalls(
    McpTools tools,
    TaskSubmission submission,
    GoalSubmission goals,
    TaskStream stream,
    TaskLifecycle lifecycle,
    OrchestratorDbContext db,
    TimeProvider clock,
    IHttpContextAccessor http,
    ILogger<McpToolCalls> logger)
{
    public async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> context, CancellationToken callCancelled)
    {
        // A client may cancel by closing the call's HTTP request instead of sending notifications/cancelled (the C#
        // SDK does, through the gateway), so the call also ends when the request that carried it is aborted.
        using var either = CancellationTokenSource.CreateLinkedTokenSource(callCancelled, http.HttpContext?.RequestAborted ?? CancellationToken.None);
        var cancellationToken = either.Token;
        var user = context.User ?? throw new McpProtocolException("The call carries no caller.", McpErrorCode.InvalidRequest);
        var name = context.Params?.Name ?? "";
        if (!(await tools.ForAsync(user, cancellationToken)).Any(tool => tool.Name == name))
        {
            // Unknown, unavailable or not allowed look alike: a caller learns nothing about tools it cannot use.
            throw new McpProtocolException($"There is no tool '{name}' you can call now; list the tools to see which are.", McpErrorCode.InvalidParams);
        }

        var input = JsonSerializer.SerializeToElement(context.Params!.Arguments ?? new Dictionary<string, JsonElement>());
        var submitter = Submitter.From(user);
        if (name == McpTools.GoalTool)
        {
            var goal = await goals.SubmitAsync(
                input.TryGetProperty("goal", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null,
                input.TryGetProperty("input", out var data) ? data : null, submitter, cancellationToken);
            return goal.WorkflowId is { } workflow
                ? Structured(JsonSerializer.SerializeToElement(new { workflowId = workflow, planTaskId = goal.PlanTaskId, resource = McpResources.WorkflowUri(workflow) }))
                : Refused(goal.Invalid ?? goal.Forbidden ?? goal.Unavailable!);
        }

        var submitted = await submission.SubmitAsync(new SubmitTaskRequest(name, input, null, null), submitter, cancellationToken);
        if (submitted.Task is not { } task)
        {
            var errors = submitted.Errors?.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")) ?? [];
            return Refused(string.Join(" ", new[] { submitted.Detail }.Concat(errors).Where(s => !string.IsNullOrEmpty(s))));
        }

        try
        {
            return await FollowAsync(context, task, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled(logger, name, task.Id);
            await lifecycle.CancelAsync(task.Id, "Cancelled by the MCP client.", clock.GetUtcNow(), tellAgent: true, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Until the task ends: its progress as notifications (only when it grew, as MCP requires), then its result.</summary>
    private async Task<CallToolResult> FollowAsync(RequestContext<CallToolRequestParams> context, TaskRecord task, CancellationToken cancellationToken)
    {
        var token = context.Params!.ProgressToken;
        var reported = -1f;
        var ended = false;
        while (!ended)
        {
            var heard = false;
            // A stream ends at its lifetime; following again picks the task up where it is.
            await foreach (var item in stream.FollowAsync(task.Id, null, cancellationToken))
            {
                heard = true;
                ended |= item.EventType == "end";
                if (token is { } progressToken && item.Data is TaskEvent change && (change.Progress > reported || reported < 0))
                {
                    // The first report names the task, so a client can look it up (GET /api/v1/tasks/{id}, or the resource).
                    var message = reported < 0
                        ? $"Task {task.Id} ({task.Capability}) is {change.Status}{(change.Message is { } said ? ": " + said : ".")}"
                        : change.Message ?? $"{change.Status}.";
                    reported = change.Progress;
                    await context.Server.NotifyProgressAsync(progressToken, new ProgressNotificationValue
                    {
                        Progress = change.Progress,
                        Total = 100,
                        Message = message,
                    }, cancellationToken: cancellationToken);
                }
            }

            if (!heard)
            {
                break;
            }
        }

        var final = await db.Tasks.AsNoTracking().FirstAsync(t => t.Id == task.Id, cancellationToken);
        if (final.Status == TaskState.Completed && final.Result is { } result)
        {
            return Structured(JsonDocument.Parse(result).RootElement.Clone());
        }

        return Refused($"Task {final.Id} ({final.Capability}) ended {final.Status}: {final.Error ?? final.ErrorType ?? "no reason given"}");
    }

    /// <summary>A result as structured content (an object: anything else is wrapped as <c>{"result": ...}</c>) and as JSON text.</summary>
    private static CallToolResult Structured(JsonElement result)
    {
        var structured = result.ValueKind == JsonValueKind.Object ? result : JsonSerializer.SerializeToElement(new { result });
        return new CallToolResult { StructuredContent = structured, Content = [new TextContentBlock { Text = structured.GetRawText() }] };
    }

    /// <summary>A call the platform did not run, or a task that did not complete: a tool error the model can read.</summary>
    private static CallToolResult Refused(string reason) => new() { IsError = true, Content = [new TextContentBlock { Text = reason }] };

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP call of {Tool} cancelled by the client: cancelling task {TaskId}")]
    private static partial void LogCancelled(ILogger logger, string tool, Guid taskId);
}

using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SutazAI.Agents.Hosting.Llm;
using SutazAI.Agents.Hosting.Skills;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;

namespace SutazAI.Agents.Hosting.Execution;

/// <summary>
/// Runs one task: runs the skill within its time limit (reporting that it started once it has run a moment), publishes the outcome. The message
/// is acknowledged only after the outcome is published, so a crash mid-task means redelivery, never a lost task;
/// a shutdown hands running work back; an unexpected exception is retried by the bus and then dead-lettered.
/// </summary>
public sealed partial class ExecuteTaskConsumer(
    SkillRegistry skills,
    RunningTasks running,
    AgentStatistics statistics,
    IOptions<AgentOptions> options,
    TimeProvider clock,
    ILogger<ExecuteTaskConsumer> logger) : IConsumer<ExecuteTask>
{
    public async Task Consume(ConsumeContext<ExecuteTask> context)
    {
        var task = context.Message;
        var agent = options.Value;

        if (running.WasCancelled(task.TaskId))
        {
            LogSkipped(logger, task.TaskId);
            return;
        }

        if (!skills.TryGet(task.Capability, out var skill))
        {
            await context.Publish(new TaskFailed(task.TaskId, agent.Name, agent.InstanceId, ProblemTypes.UnknownCapability,
                $"Agent '{agent.Name}' has no skill '{task.Capability}'.", clock.GetUtcNow()));
            return;
        }

        var startedAt = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var timeout = agent.TimeoutFor(task.Capability, skill.Timeout);
        using var lease = running.Start(task.TaskId, timeout, context.CancellationToken);
        using var activity = Telemetry.Source.StartActivity($"skill {task.Capability}");
        activity?.SetTag("sutazai.task_id", task.TaskId);
        activity?.SetTag("sutazai.capability", task.Capability);
        activity?.SetTag("sutazai.agent", agent.Name);

        var attempt = context.GetRetryAttempt();
        var started = new StartReport(() => context.Publish(
            new TaskProgressed(task.TaskId, agent.Name, agent.InstanceId, 0, attempt == 0 ? "started" : $"started (retry {attempt})", startedAt)));
        var sequence = 0;
        var skillContext = new SkillContext(
            task.TaskId,
            task.Input,
            async (percent, message) =>
            {
                await started.SendAsync();
                await context.Publish(new TaskProgressed(task.TaskId, agent.Name, agent.InstanceId, percent, message, clock.GetUtcNow()));
            },
            async text =>
            {
                await started.SendAsync();
                await context.Publish(new TaskOutputDelta(task.TaskId, Interlocked.Increment(ref sequence) - 1, text));
            })
        {
            Owner = task.Requester,
        };

        using var scope = TaskScope.Enter(task);
        try
        {
            // WaitAsync frees this slot at the deadline even if the skill never looks at its token.
            var run = skill.ExecuteAsync(skillContext, lease.Token).WaitAsync(lease.Token);
            // A retry says so at once: the attempt before it may have left the task looking stuck.
            await started.SendIfStillRunningAsync(run, attempt == 0 ? agent.StartedReportDelay : TimeSpan.Zero, clock);
            var result = await run;
            await context.Publish(new TaskCompleted(task.TaskId, agent.Name, agent.InstanceId, result, startedAt, clock.GetUtcNow()));
            statistics.Record(success: true, stopwatch.Elapsed);
            LogCompleted(logger, task.TaskId, task.Capability, stopwatch.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (running.WasCancelled(task.TaskId))
        {
            await context.Publish(new TaskFailed(task.TaskId, agent.Name, agent.InstanceId, ProblemTypes.Cancelled,
                "The task was cancelled.", clock.GetUtcNow()));
            LogCancelled(logger, task.TaskId);
        }
        catch (OperationCanceledException) when (lease.TimedOut)
        {
            statistics.Record(success: false, stopwatch.Elapsed);
            LogTimedOut(logger, task.TaskId, task.Capability, timeout.TotalSeconds);
            await context.Publish(new TaskFailed(task.TaskId, agent.Name, agent.InstanceId, ProblemTypes.TaskTimeout,
                $"{task.Capability} did not finish within its {timeout.TotalSeconds:0.###} s limit.", clock.GetUtcNow()));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // Shutting down past the grace period: put the task back on the queue for another instance (or this one after restart).
            var queue = await context.GetSendEndpoint(context.ReceiveContext.InputAddress);
            await queue.Send(task, send => send.SetPriority((byte)Math.Clamp(task.Priority, 0, AgentQueues.MaxPriority)), CancellationToken.None);
            LogHandedBack(logger, task.TaskId, task.Capability);
        }
        catch (SkillInputException ex)
        {
            statistics.Record(success: false, stopwatch.Elapsed);
            await context.Publish(new TaskFailed(task.TaskId, agent.Name, agent.InstanceId, ProblemTypes.InvalidInput,
                ex.Message, clock.GetUtcNow()));
        }
        catch (Exception ex) when (LlmFailures.Classify(ex) is { } llm)
        {
            statistics.Record(success: false, stopwatch.Elapsed);
            LogLlmFailed(logger, task.TaskId, task.Capability, llm.Detail);
            await context.Publish(new TaskFailed(task.TaskId, agent.Name, agent.InstanceId, llm.Type, llm.Detail, clock.GetUtcNow()));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Unexpected: the bus retries with backoff; after the last retry its Fault makes the task a dead letter.
            statistics.Record(success: false, stopwatch.Elapsed);
            LogSkillFailed(logger, ex, task.TaskId, task.Capability, attempt + 1);
            if (attempt < agent.RetryLimit)
            {
                await context.Publish(new TaskProgressed(task.TaskId, agent.Name, agent.InstanceId, 0,
                    $"attempt {attempt + 1} failed ({ex.GetType().Name}: {ex.Message}); retrying", clock.GetUtcNow()));
            }

            throw;
        }
    }

    // Debug: the outcome is the orchestrator's record and the task's span; a line per task is log volume nobody reads.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} ({Capability}) completed in {Milliseconds:F1} ms")]
    private static partial void LogCompleted(ILogger logger, Guid taskId, string capability, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} was cancelled before it arrived; skipped")]
    private static partial void LogSkipped(ILogger logger, Guid taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} cancelled while running")]
    private static partial void LogCancelled(ILogger logger, Guid taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} ({Capability}) failed at the LLM: {Reason}")]
    private static partial void LogLlmFailed(ILogger logger, Guid taskId, string capability, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} ({Capability}) failed in its skill, attempt {Attempt}")]
    private static partial void LogSkillFailed(ILogger logger, Exception exception, Guid taskId, string capability, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} ({Capability}) timed out after {Seconds} s")]
    private static partial void LogTimedOut(ILogger logger, Guid taskId, string capability, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} ({Capability}) handed back to the queue: shutting down")]
    private static partial void LogHandedBack(ILogger logger, Guid taskId, string capability);
}

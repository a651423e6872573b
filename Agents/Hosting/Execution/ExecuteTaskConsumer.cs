using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SutazAI.Agents.Hosting.Llm;
using SutazAI.Agents.Hosting.Skills;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;

namespace SutazAI.Agents.Hosting.Execution;

/// <summary>
/// Runs one task: reports it started, runs the skill, publishes the outcome. The message is acknowledged
/// only after the outcome is published, so a crash mid-task means redelivery, never a lost task.
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
        using var lease = running.Start(task.TaskId, context.CancellationToken);
        using var activity = AgentTelemetry.Source.StartActivity($"skill {task.Capability}");
        activity?.SetTag("sutazai.task_id", task.TaskId);
        activity?.SetTag("sutazai.capability", task.Capability);
        activity?.SetTag("sutazai.agent", agent.Name);

        await context.Publish(new TaskProgressed(task.TaskId, agent.Name, agent.InstanceId, 0, "started", startedAt));
        var sequence = 0;
        var skillContext = new SkillContext(
            task.TaskId,
            task.Input,
            (percent, message) => context.Publish(new TaskProgressed(task.TaskId, agent.Name, agent.InstanceId, percent, message, clock.GetUtcNow())),
            text => context.Publish(new TaskOutputDelta(task.TaskId, Interlocked.Increment(ref sequence) - 1, text)));

        using var scope = TaskScope.Enter(task);
        try
        {
            var result = await skill.ExecuteAsync(skillContext, lease.Token);
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
            // A skill bug is reported as the task's failure rather than retried forever.
            statistics.Record(success: false, stopwatch.Elapsed);
            LogSkillFailed(logger, ex, task.TaskId, task.Capability);
            await context.Publish(new TaskFailed(task.TaskId, agent.Name, agent.InstanceId, ProblemTypes.SkillFailed,
                $"{task.Capability} failed: {ex.Message}", clock.GetUtcNow()));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} ({Capability}) completed in {Milliseconds:F1} ms")]
    private static partial void LogCompleted(ILogger logger, Guid taskId, string capability, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} was cancelled before it arrived; skipped")]
    private static partial void LogSkipped(ILogger logger, Guid taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} cancelled while running")]
    private static partial void LogCancelled(ILogger logger, Guid taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} ({Capability}) failed at the LLM: {Reason}")]
    private static partial void LogLlmFailed(ILogger logger, Guid taskId, string capability, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} ({Capability}) failed in its skill")]
    private static partial void LogSkillFailed(ILogger logger, Exception exception, Guid taskId, string capability);
}

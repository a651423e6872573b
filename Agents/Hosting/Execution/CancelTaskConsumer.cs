using MassTransit;
using SutazAI.Contracts.Messages;

namespace SutazAI.Agents.Hosting.Execution;

/// <summary>Every instance gets every <see cref="CancelTask"/> (its own temporary queue) and stops the task if it runs it.</summary>
public sealed class CancelTaskConsumer(RunningTasks running) : IConsumer<CancelTask>
{
    public Task Consume(ConsumeContext<CancelTask> context)
    {
        running.Cancel(context.Message.TaskId);
        return Task.CompletedTask;
    }
}

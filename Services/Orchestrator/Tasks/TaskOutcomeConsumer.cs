using MassTransit;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// Applies what agents report through the task lifecycle, whose conditional updates make a redelivered or
/// duplicate outcome, or one for a cancelled task, change nothing.
/// </summary>
public sealed class TaskOutcomeConsumer(TaskLifecycle lifecycle, TaskEvents events) :
    IConsumer<TaskProgressed>,
    IConsumer<TaskCompleted>,
    IConsumer<TaskFailed>,
    IConsumer<TaskOutputDelta>
{
    /// <summary>Output pieces only pass through to the event stream; the final result arrives with TaskCompleted.</summary>
    public Task Consume(ConsumeContext<TaskOutputDelta> context) =>
        events.PublishAsync(new TaskDelta(context.Message.TaskId, context.Message.Sequence, context.Message.Text));

    public Task Consume(ConsumeContext<TaskProgressed> context) =>
        lifecycle.StartAsync(context.Message.TaskId, context.Message.Percent, context.Message.Message, context.Message.Timestamp, context.CancellationToken);

    public Task Consume(ConsumeContext<TaskCompleted> context)
    {
        var outcome = context.Message;
        return lifecycle.CompleteAsync(outcome.TaskId, outcome.Agent, outcome.Result.GetRawText(), outcome.StartedAt, outcome.CompletedAt, context.CancellationToken);
    }

    /// <summary>An agent that stopped because the task was cancelled reports it as a failure of type cancelled.</summary>
    public Task Consume(ConsumeContext<TaskFailed> context)
    {
        var outcome = context.Message;
        return outcome.ErrorType == ProblemTypes.Cancelled
            ? lifecycle.CancelAsync(outcome.TaskId, outcome.Error, outcome.FailedAt, tellAgent: false, context.CancellationToken)
            : lifecycle.FailAsync(outcome.TaskId, outcome.ErrorType, outcome.Error, outcome.FailedAt, context.CancellationToken);
    }
}

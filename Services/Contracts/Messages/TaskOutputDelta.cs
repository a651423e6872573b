namespace SutazAI.Contracts.Messages;

/// <summary>
/// A piece of a task's output as it is produced (e.g. LLM tokens), published by the agent and relayed to the
/// task's event stream as <c>delta</c> events. Not stored: the final result is in <see cref="TaskCompleted"/>.
/// </summary>
/// <param name="TaskId">The task.</param>
/// <param name="Sequence">0, 1, 2... in the order produced.</param>
/// <param name="Text">The new text.</param>
public sealed record TaskOutputDelta(Guid TaskId, int Sequence, string Text);

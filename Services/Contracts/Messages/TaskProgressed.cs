namespace SutazAI.Contracts.Messages;

/// <summary>
/// Published by an agent while it works on a task. The first one (percent 0) marks the task Running.
/// </summary>
/// <param name="TaskId">The task's id.</param>
/// <param name="Agent">The agent type working on it, e.g. <c>analyst</c>.</param>
/// <param name="InstanceId">The agent instance, for diagnostics.</param>
/// <param name="Percent">0 to 100.</param>
/// <param name="Message">A short human-readable phase, e.g. <c>scoring sentences</c>.</param>
/// <param name="Timestamp">When the agent reported it.</param>
public sealed record TaskProgressed(
    Guid TaskId,
    string Agent,
    string InstanceId,
    int Percent,
    string? Message,
    DateTimeOffset Timestamp);

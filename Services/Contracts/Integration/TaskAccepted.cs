namespace SutazAI.Contracts.Integration;

/// <summary>The task of a <see cref="SubmitTask"/> is stored and queued; its events follow on the same exchange.</summary>
/// <param name="CommandId">The message id of the <see cref="SubmitTask"/> it answers.</param>
/// <param name="TaskId">The task's id, as the HTTP API and the task events know it.</param>
/// <param name="Capability">The capability it runs (the routed one for <c>auto</c>).</param>
/// <param name="Agent">The agent type that will run it.</param>
/// <param name="AcceptedAt">When it was stored.</param>
public sealed record TaskAccepted(Guid CommandId, Guid TaskId, string Capability, string Agent, DateTimeOffset AcceptedAt);

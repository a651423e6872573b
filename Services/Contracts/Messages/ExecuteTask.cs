using System.Text.Json;

namespace SutazAI.Contracts.Messages;

/// <summary>
/// Sent by the orchestrator to one agent type's queue (<c>agent-{agent}</c>): run a skill on an input.
/// Delivered at least once; an agent may see the same task again after a crash, and the orchestrator
/// applies only the first outcome.
/// </summary>
/// <param name="TaskId">The task's id, stable across redeliveries.</param>
/// <param name="Capability">The skill to run, e.g. <c>text.sentiment</c>.</param>
/// <param name="Input">The skill's input, already validated against the skill's JSON Schema.</param>
/// <param name="Priority">0 (lowest) to 9 (highest); also set as the RabbitMQ message priority.</param>
/// <param name="SubmittedAt">When the client submitted the task.</param>
/// <param name="Requester">Whom the task is for (its owner: <c>user:…</c>, <c>bootstrap</c> or <c>service:…</c>), for
/// LLM budgets and fairness and for skills that keep per-person state; null only from senders before ownership.</param>
public sealed record ExecuteTask(
    Guid TaskId,
    string Capability,
    JsonElement Input,
    int Priority,
    DateTimeOffset SubmittedAt,
    string? Requester = null);

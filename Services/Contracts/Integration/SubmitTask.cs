using System.Text.Json;

namespace SutazAI.Contracts.Integration;

/// <summary>
/// Asks the platform to run one task, as <c>POST /api/v1/tasks</c> does, checked the same way. Send it to your
/// <see cref="BusTopology.SubmitExchange"/>; the answer is a <see cref="TaskAccepted"/> or a <see cref="TaskRejected"/>
/// on your <see cref="BusTopology.EventsExchange"/>, carrying this message's id as <c>CommandId</c>. The message id is
/// the idempotency key: a command sent again with the same id is answered with the same task, never a second one.
/// </summary>
/// <param name="Capability">Required (without it the command gets a TaskRejected): the skill to run, e.g. <c>text.sentiment</c>, or <c>auto</c> to route by meaning.</param>
/// <param name="Input">Required (without it the command gets a TaskRejected): the skill's input, a JSON object validated against the skill's JSON Schema.</param>
/// <param name="Priority">0 to 9, 5 when omitted; above 5 needs the <c>tasks:priority</c> scope.</param>
/// <param name="Agent">The agent type to run it; when omitted, the agent that offers the capability.</param>
public sealed record SubmitTask(string? Capability, JsonElement? Input, int? Priority = null, string? Agent = null);

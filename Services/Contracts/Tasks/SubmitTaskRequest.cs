using System.Text.Json;

namespace SutazAI.Contracts.Tasks;

/// <summary>Body of <c>POST /api/v1/tasks</c>.</summary>
/// <param name="Capability">The skill to run, e.g. <c>text.sentiment</c>.</param>
/// <param name="Input">The skill's input; validated against the skill's JSON Schema.</param>
/// <param name="Priority">0 to 9; 5 when omitted.</param>
/// <param name="Agent">The agent type to run it; when omitted, the agent that offers the capability.</param>
public sealed record SubmitTaskRequest(string? Capability, JsonElement? Input, int? Priority, string? Agent)
{
    public const int DefaultPriority = 5;
}

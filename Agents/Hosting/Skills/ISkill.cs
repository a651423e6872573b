using System.Text.Json;

namespace SutazAI.Agents.Hosting.Skills;

/// <summary>One capability an agent offers, e.g. <c>text.sentiment</c>.</summary>
public interface ISkill
{
    /// <summary>The capability name tasks ask for.</summary>
    string Capability { get; }

    /// <summary>What it does, in a sentence; shown in the registry and used for routing.</summary>
    string Description { get; }

    /// <summary>
    /// A handful of requests people make of this skill, in their words; routing by meaning (<c>auto</c>) compares a
    /// request with these as well as with the description.
    /// </summary>
    IReadOnlyList<string> Examples => [];

    /// <summary>A JSON Schema of the input; the orchestrator validates every task against it before queueing.</summary>
    JsonElement InputSchema { get; }

    /// <summary>Whether the skill calls the LLM: submitting it then needs the <c>chat</c> scope, like the chat API.</summary>
    bool UsesLlm => false;

    /// <summary>How long one run may take; <c>null</c> means the agent's default. Configuration can override it.</summary>
    TimeSpan? Timeout => null;

    /// <summary>Runs the skill. Throw <see cref="SkillInputException"/> for input the schema could not rule out.</summary>
    Task<JsonElement> ExecuteAsync(SkillContext context, CancellationToken cancellationToken);
}

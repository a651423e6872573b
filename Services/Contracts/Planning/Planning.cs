using System.Text.Json;
using SutazAI.Contracts.Workflows;

namespace SutazAI.Contracts.Planning;

/// <summary>
/// The input of <c>plan.create</c>: a goal in words, the data it is about, and the capabilities a plan may use (the
/// orchestrator's catalogue when the goal arrived), so the planner needs to ask nobody.
/// </summary>
public sealed record PlanRequest(string Goal, JsonElement? Input, IReadOnlyList<CatalogueEntry> Catalogue)
{
    public const string Capability = "plan.create";
    public const int MaxGoalLength = 2000;
    public const int MaxCatalogueEntries = 500;
}

/// <summary>A capability a plan may use: its name, what it does, and the JSON schema of its input.</summary>
public sealed record CatalogueEntry(string Name, string Description, JsonElement InputSchema);

/// <summary>What <c>plan.create</c> returns: a workflow's name and steps, and how they were found.</summary>
/// <param name="Name">A short name for the workflow.</param>
/// <param name="Steps">The workflow's steps, as <c>POST /api/v1/workflows</c> takes them.</param>
/// <param name="Method"><c>llm</c> or <c>embeddings</c>.</param>
/// <param name="Note">Why the LLM's plan was not used, when it was not.</param>
public sealed record PlanResult(string Name, IReadOnlyList<WorkflowStepRequest> Steps, string Method, string? Note);

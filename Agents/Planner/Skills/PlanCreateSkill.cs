using SutazAI.Agents.Hosting.Llm;
using SutazAI.Agents.Hosting.Skills;
using SutazAI.Agents.Planner.Planning;

namespace SutazAI.Agents.Planner.Skills;

/// <summary>Turns a goal into a workflow definition: by the LLM when one answers with a valid plan, by embeddings otherwise.</summary>
internal sealed class PlanCreateSkill(LlmPlanner llmPlanner, EmbeddingPlanner embeddingPlanner, PlatformDirectory directory)
    : Skill<PlanCreateSkill.Input, PlanCreateSkill.Output>
{
    public sealed record Input(string Goal, [property: System.Text.Json.Serialization.JsonPropertyName("input")] System.Text.Json.JsonElement? Data);

    /// <param name="Name">A short name for the workflow.</param>
    /// <param name="Steps">The workflow's steps, ready for <c>POST /api/v1/workflows</c>.</param>
    /// <param name="Method"><c>llm</c> or <c>embeddings</c>.</param>
    /// <param name="Note">Why the LLM's plan was not used, when it was not.</param>
    public sealed record Output(string Name, IReadOnlyList<PlannedStep> Steps, string Method, string? Note);

    public override string Capability => "plan.create";

    public override string Description => "Plans a multi-step workflow of agent capabilities that carries out a goal described in words.";

    protected override string InputSchemaJson => """
        {"type":"object","required":["goal"],"additionalProperties":false,
         "properties":{"goal":{"type":"string","minLength":3,"maxLength":2000},"input":{"type":"object"}}}
        """;

    protected override async Task<Output> ExecuteAsync(Input input, SkillContext context, CancellationToken cancellationToken)
    {
        await context.ReportProgressAsync(10, "reading the registered capabilities");
        var capabilities = (await directory.CapabilitiesAsync(cancellationToken)).Where(c => c.Name != Capability).ToList();

        string note;
        try
        {
            await context.ReportProgressAsync(30, "asking the LLM for a plan");
            var (plan, errors) = await llmPlanner.PlanAsync(input.Goal, capabilities, cancellationToken);
            if (plan is not null)
            {
                return new Output(plan.Name, plan.Steps, "llm", null);
            }

            note = $"The LLM's plan stayed invalid after a repair round ({string.Join("; ", errors)}).";
        }
        catch (Exception ex) when (LlmFailures.Classify(ex) is { } failure)
        {
            note = $"No LLM plan: {failure.Detail}";
        }

        await context.ReportProgressAsync(60, "planning by embedding similarity");
        var fallback = await embeddingPlanner.PlanAsync(input.Goal, cancellationToken);
        return new Output(fallback.Name, fallback.Steps, "embeddings", note);
    }
}

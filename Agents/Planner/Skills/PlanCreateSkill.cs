using SutazAI.Agents.Hosting.Llm;
using SutazAI.Agents.Hosting.Skills;
using SutazAI.Agents.Planner.Planning;
using SutazAI.Contracts.Planning;
using SutazAI.Contracts.Workflows;

namespace SutazAI.Agents.Planner.Skills;

/// <summary>
/// Turns a goal into a workflow definition over the capabilities it was given: by the LLM when one answers with a
/// valid plan, by embeddings otherwise.
/// </summary>
internal sealed class PlanCreateSkill(LlmPlanner llmPlanner, EmbeddingPlanner embeddingPlanner)
    : Skill<PlanRequest, PlanResult>
{
    public override string Capability => PlanRequest.Capability;

    public override bool UsesLlm => true;

    public override string Description => "Plans a multi-step workflow of agent capabilities that carries out a goal described in words.";

    protected override string InputSchemaJson => $$"""
        {"type":"object","required":["goal","catalogue"],"additionalProperties":false,
         "properties":{"goal":{"type":"string","minLength":3,"maxLength":{{PlanRequest.MaxGoalLength}}},"input":{"type":"object"},
           "catalogue":{"type":"array","maxItems":{{PlanRequest.MaxCatalogueEntries}},"items":{"type":"object","required":["name","description","inputSchema"],
             "properties":{"name":{"type":"string","maxLength":200},"description":{"type":"string","maxLength":2000},"inputSchema":{"type":"object"} } } } } }
        """;

    protected override async Task<PlanResult> ExecuteAsync(PlanRequest input, SkillContext context, CancellationToken cancellationToken)
    {
        var capabilities = input.Catalogue.Where(c => c.Name != Capability)
            .Select(c => new KnownCapability(c.Name, c.Description, c.InputSchema)).DistinctBy(c => c.Name).ToList();

        string note;
        try
        {
            await context.ReportProgressAsync(30, "asking the LLM for a plan");
            var (plan, errors) = await llmPlanner.PlanAsync(input.Goal, capabilities, cancellationToken);
            if (plan is not null)
            {
                return Result(plan, "llm", null);
            }

            note = $"The LLM's plan stayed invalid after a repair round ({string.Join("; ", errors)}).";
        }
        catch (Exception ex) when (LlmFailures.Classify(ex) is { } failure)
        {
            note = $"No LLM plan: {failure.Detail}";
        }

        await context.ReportProgressAsync(60, "planning by embedding similarity");
        return Result(await embeddingPlanner.PlanAsync(input.Goal, capabilities, cancellationToken), "embeddings", note);
    }

    private static PlanResult Result(Plan plan, string method, string? note) => new(
        plan.Name,
        plan.Steps.Select(s => new WorkflowStepRequest(s.Id, s.Capability, s.Input, s.DependsOn, null)).ToList(),
        method,
        note);
}

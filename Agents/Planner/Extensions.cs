using SutazAI.Agents.Hosting;
using SutazAI.Agents.Hosting.Llm;
using SutazAI.Agents.Planner.Planning;
using SutazAI.Agents.Planner.Skills;

namespace SutazAI.Agents.Planner;

internal static class Extensions
{
    public const string AgentName = "planner";

    /// <summary>The planner: turns a goal into a workflow, with the LLM when one answers, by embeddings otherwise.</summary>
    public static IHostApplicationBuilder AddPlannerAgent(this IHostApplicationBuilder builder)
    {
        builder.AddAgentHost(AgentName);
        builder.AddLlmClient();
        builder.Services.AddSingleton<PlatformDirectory>();
        builder.Services.AddSingleton<EmbeddingPlanner>();
        builder.Services.AddSingleton<LlmPlanner>();
        builder.AddSkill<PlanCreateSkill>();
        return builder;
    }
}

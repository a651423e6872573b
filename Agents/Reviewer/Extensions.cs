using SutazAI.Agents.CodeAnalysis;
using SutazAI.Agents.Hosting;
using SutazAI.Agents.Hosting.Llm;
using SutazAI.Agents.Reviewer.Skills;

namespace SutazAI.Agents.Reviewer;

internal static class Extensions
{
    public const string AgentName = "reviewer";

    /// <summary>The reviewer: Roslyn static analysis, plus a short written review when an LLM answers.</summary>
    public static IHostApplicationBuilder AddReviewerAgent(this IHostApplicationBuilder builder)
    {
        builder.AddAgentHost(AgentName);
        builder.AddLlmClient();
        builder.AddCSharpAnalysis();
        builder.AddSkill<CodeReviewSkill>();
        return builder;
    }
}

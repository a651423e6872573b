using SutazAI.Agents.Analyst.Skills;
using SutazAI.Agents.Hosting;

namespace SutazAI.Agents.Analyst;

internal static class Extensions
{
    public const string AgentName = "analyst";

    /// <summary>The analyst: text skills that are plain algorithms, no LLM needed.</summary>
    public static IHostApplicationBuilder AddAnalystAgent(this IHostApplicationBuilder builder)
    {
        builder.AddAgentHost(AgentName);
        builder.AddSkill<SentimentSkill>();
        builder.AddSkill<KeywordsSkill>();
        builder.AddSkill<SummarySkill>();
        builder.AddSkill<LanguageSkill>();
        builder.AddSkill<EntitiesSkill>();
        return builder;
    }
}

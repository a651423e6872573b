using SutazAI.Agents.Hosting;
using SutazAI.Agents.Hosting.Llm;
using SutazAI.Agents.Researcher.Answering;
using SutazAI.Agents.Researcher.Skills;

namespace SutazAI.Agents.Researcher;

internal static class Extensions
{
    public const string AgentName = "researcher";

    /// <summary>The researcher: questions answered from the asker's own documents, citing them.</summary>
    public static IHostApplicationBuilder AddResearcherAgent(this IHostApplicationBuilder builder)
    {
        builder.AddAgentHost(AgentName);
        builder.AddLlmClient();
        builder.Services.AddHttpClient(KnowledgeSearch.HttpClientName, client => client.BaseAddress = new Uri(builder.Configuration["Researcher:KnowledgeUrl"] ?? "http://knowledge"));
        builder.Services.AddSingleton<KnowledgeSearch>();
        builder.AddSkill<AnswerSkill>();
        return builder;
    }
}

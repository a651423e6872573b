using SutazAI.Agents.CodeAnalysis;
using SutazAI.Agents.Coder.Skills;
using SutazAI.Agents.Hosting;
using SutazAI.Agents.Hosting.Llm;

namespace SutazAI.Agents.Coder;

internal static class Extensions
{
    public const string AgentName = "coder";

    /// <summary>The coder: LLM-written code, compiled with Roslyn and repaired from its diagnostics.</summary>
    public static IHostApplicationBuilder AddCoderAgent(this IHostApplicationBuilder builder)
    {
        builder.AddAgentHost(AgentName);
        builder.AddLlmClient();
        builder.AddCSharpAnalysis();
        builder.AddSkill<CodeGenerateSkill>();
        return builder;
    }
}

using SutazAI.Agents.Chat.Data;
using SutazAI.Agents.Chat.Sessions;
using SutazAI.Agents.Chat.Skills;
using SutazAI.Agents.Hosting;
using SutazAI.Agents.Hosting.Llm;

namespace SutazAI.Agents.Chat;

internal static class Extensions
{
    public const string AgentName = "chat";
    public const string DatabaseName = "chatdb";

    /// <summary>The chat agent: conversations with the LLM, kept in PostgreSQL.</summary>
    public static IHostApplicationBuilder AddChatAgent(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<ChatDbContext>(DatabaseName, settings => settings.DisableRetry = true);
        builder.Services.AddOptions<ChatSettings>().Bind(builder.Configuration.GetSection("Chat"));
        builder.Services.AddScoped<SessionStore>();
        builder.AddAgentHost(AgentName);
        builder.AddLlmClient();
        builder.AddSkill<ChatMessageSkill>();
        return builder;
    }
}

using SutazAI.Agents.Hosting;
using SutazAI.Knowledge.Data;
using SutazAI.Knowledge.Indexing;
using SutazAI.Knowledge.Ingestion;
using SutazAI.Knowledge.Search;

namespace SutazAI.Knowledge;

internal static class Extensions
{
    /// <summary>The worker name under which this service runs <c>knowledge.ingest</c> tasks (queue <c>agent-knowledge</c>).</summary>
    public const string AgentName = "knowledge";
    public const string DatabaseName = "knowledgedb";

    /// <summary>
    /// The knowledge service: documents and their passages in PostgreSQL, the vector index derived from them, hybrid
    /// search, and the ingestion task's worker.
    /// </summary>
    public static IHostApplicationBuilder AddKnowledgeService(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<KnowledgeDbContext>(DatabaseName, settings => settings.DisableRetry = true);
        builder.Services.AddOptions<KnowledgeOptions>().Bind(builder.Configuration.GetSection("Knowledge"));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<VectorIndex>();
        builder.Services.AddSingleton<IndexBuilder>();
        builder.Services.AddHostedService(services => services.GetRequiredService<IndexBuilder>());
        builder.Services.AddScoped<ChunkStore>();
        builder.Services.AddScoped<HybridSearch>();
        builder.Services.AddScoped<DocumentIntake>();
        builder.Services.AddSingleton<PlatformTasks>();
        builder.Services.AddHttpClient(HybridSearch.ModelsClient, client => client.BaseAddress = new Uri(builder.Configuration["Knowledge:ModelsUrl"] ?? "http://models"))
            .AddInternalToken();
        builder.Services.AddHttpClient(PlatformTasks.HttpClientName, client => client.BaseAddress = new Uri(builder.Configuration["Knowledge:OrchestratorUrl"] ?? "http://orchestrator"));

        builder.AddAgentHost(AgentName);
        builder.AddSkill<IngestSkill>();
        return builder;
    }
}

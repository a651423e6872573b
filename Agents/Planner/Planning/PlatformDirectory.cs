using System.Text.Json;
using SutazAI.Contracts;

namespace SutazAI.Agents.Planner.Planning;

/// <summary>What the planner asks other services: the registered capabilities (orchestrator) and sentence embeddings (models).</summary>
public sealed class PlatformDirectory(IHttpClientFactory httpClients)
{
    public const string OrchestratorClient = "orchestrator";

    public async Task<IReadOnlyList<KnownCapability>> CapabilitiesAsync(CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(OrchestratorClient);
        var items = await client.GetFromJsonAsync<List<JsonElement>>("/api/v1/capabilities", cancellationToken) ?? [];
        return items
            .Select(c => new KnownCapability(c.GetProperty("name").GetString()!, c.GetProperty("description").GetString()!, c.GetProperty("inputSchema").Clone()))
            .DistinctBy(c => c.Name)
            .ToList();
    }

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        httpClients.CreateClient(SutazAI.Agents.Hosting.Llm.LlmClientExtensions.HttpClientName).EmbedAsync(texts, cancellationToken);
}

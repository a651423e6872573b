using SutazAI.Contracts;

namespace SutazAI.Agents.Planner.Planning;

/// <summary>What the planner asks another service: sentence embeddings (models). The capabilities come with each goal.</summary>
public sealed class PlatformDirectory(IHttpClientFactory httpClients)
{
    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        httpClients.CreateClient(SutazAI.Agents.Hosting.Llm.LlmClientExtensions.HttpClientName).EmbedAsync(texts, cancellationToken);
}

using Microsoft.Extensions.Options;
using OllamaSharp;

namespace SutazAI.Models.Llm;

/// <summary>The OllamaSharp client for the configured endpoint, or none when no LLM is configured.</summary>
public sealed class OllamaConnection(IHttpClientFactory httpClients, IOptions<LlmOptions> options)
{
    public const string HttpClientName = "ollama";

    public const string NotConfigured = "No LLM is configured: set OLLAMA_ENDPOINT (the AppHost's ollama-endpoint parameter).";

    private readonly Lazy<OllamaApiClient?> _client = new(() => options.Value.IsConfigured
        ? new OllamaApiClient(httpClients.CreateClient(HttpClientName), options.Value.DefaultModel)
        : null);

    public bool IsConfigured => options.Value.IsConfigured;

    public string DefaultModel => options.Value.DefaultModel;

    /// <summary>The client; throws <see cref="LlmUnavailableException"/> when no LLM is configured.</summary>
    public IOllamaApiClient Client => _client.Value
        ?? throw new LlmUnavailableException(NotConfigured);
}

/// <summary>No LLM can answer now: none configured, Ollama unreachable, or its circuit is open.</summary>
public sealed class LlmUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

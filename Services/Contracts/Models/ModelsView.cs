namespace SutazAI.Contracts.Models;

/// <summary>An installed LLM model.</summary>
public sealed record ModelInfo(string Name, long Size, DateTime ModifiedAt);

/// <summary><c>GET /api/v1/models</c>: the LLM, its models, and the slot load.</summary>
public sealed record ModelsView(bool Configured, bool Available, string? Reason, string DefaultModel, bool DefaultPresent,
    IReadOnlyList<ModelInfo> Models, string EmbeddingModel, int Slots, int SlotsInUse, int Waiting);

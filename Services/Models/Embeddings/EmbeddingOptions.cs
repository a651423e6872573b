namespace SutazAI.Models.Embeddings;

public sealed class EmbeddingOptions
{
    public const string Section = "Embeddings";

    /// <summary>Where the embedding model's file is kept (written on first use from the package that ships it).</summary>
    public string ModelDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "sutazai-models");

    /// <summary>
    /// Padded tokens given to the model in one run: a request's texts are run in groups of similar length within
    /// this budget, so the activations (and the pool ONNX Runtime keeps for them) stay small whatever is sent.
    /// </summary>
    public int TokensPerRun { get; set; } = 2048;
}

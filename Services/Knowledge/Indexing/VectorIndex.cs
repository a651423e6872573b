using System.Collections.Concurrent;
using System.Diagnostics;
using Cloud.Unum.USearch;
using Microsoft.Extensions.Options;

namespace SutazAI.Knowledge.Indexing;

/// <summary>
/// The vector index derived from PostgreSQL's chunks: one USearch HNSW graph per owner (so one person's search can
/// never meet another's passages, and a small collection is not crowded out by a large one). By default each vector
/// is kept as one bit per dimension (its sign, 48 bytes for MiniLM; Hamming distance): the index only finds candidates,
/// which search puts in exact order with the vectors PostgreSQL keeps, so a rough order costs a deeper candidate list,
/// not recall (<see cref="KnowledgeOptions.IndexQuantization"/>). Searches run in parallel; adding and removing take the owner's
/// lock. A rebuild builds the new graphs aside and swaps them in; changes made meanwhile wait for it.
/// </summary>
public sealed class VectorIndex(IOptions<KnowledgeOptions> options, TimeProvider clock) : IDisposable
{
    private readonly KnowledgeOptions _options = options.Value;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _changes = new(1, 1);
    private ConcurrentDictionary<string, OwnerGraph> _graphs = new(StringComparer.Ordinal);
    private DateTimeOffset? _builtAt;
    private double? _lastBuildSeconds;

    public string Kind => _options.IndexQuantization == IndexQuantization.Binary ? "usearch-hnsw-b1" : "usearch-hnsw-int8";

    public bool Ready => _ready.Task.IsCompleted;

    public Task WhenReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public long Count => _graphs.Values.Sum(g => g.Count);

    public int Owners => _graphs.Count;

    public DateTimeOffset? BuiltAt => _builtAt;

    public double? LastBuildSeconds => _lastBuildSeconds;

    /// <summary>Replaces the index with one built from <paramref name="vectors"/> (every chunk's id, owner and embedding).</summary>
    public async Task RebuildAsync(IAsyncEnumerable<(long Id, string Owner, float[] Vector)> vectors, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var graphs = new ConcurrentDictionary<string, OwnerGraph>(StringComparer.Ordinal);
            await foreach (var (id, owner, vector) in vectors.WithCancellation(cancellationToken))
            {
                graphs.GetOrAdd(owner, _ => new OwnerGraph(_options, vector.Length)).Add(id, vector);
            }

            var old = Interlocked.Exchange(ref _graphs, graphs);
            _builtAt = clock.GetUtcNow();
            _lastBuildSeconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 3);
            _ready.TrySetResult();
            foreach (var graph in old.Values)
            {
                graph.Dispose();
            }
        }
        finally
        {
            _changes.Release();
        }
    }

    public async Task AddAsync(string owner, IReadOnlyList<(long Id, float[] Vector)> vectors, CancellationToken cancellationToken)
    {
        if (vectors.Count == 0)
        {
            return;
        }

        await _changes.WaitAsync(cancellationToken);
        try
        {
            var graph = _graphs.GetOrAdd(owner, _ => new OwnerGraph(_options, vectors[0].Vector.Length));
            foreach (var (id, vector) in vectors)
            {
                graph.Add(id, vector);
            }
        }
        finally
        {
            _changes.Release();
        }
    }

    public async Task RemoveAsync(string owner, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (_graphs.TryGetValue(owner, out var graph))
            {
                graph.Remove(ids);
            }
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>The owner's <paramref name="count"/> nearest chunks to <paramref name="query"/>, with cosine similarity, best first.</summary>
    public IReadOnlyList<(long Id, double Similarity)> Search(string owner, float[] query, int count) =>
        _graphs.TryGetValue(owner, out var graph) ? graph.Search(query, count) : [];

    public void Dispose()
    {
        foreach (var graph in _graphs.Values)
        {
            graph.Dispose();
        }

        _changes.Dispose();
    }

    private sealed class OwnerGraph(KnowledgeOptions options, int dimensions) : IDisposable
    {
        private readonly USearchIndex _index = new(
            options.IndexQuantization == IndexQuantization.Binary ? MetricKind.Hamming : MetricKind.Cos,
            options.IndexQuantization == IndexQuantization.Binary ? ScalarKind.Bits1 : ScalarKind.Int8,
            (ulong)dimensions,
            (ulong)options.IndexConnectivity, (ulong)options.IndexExpansionAdd, (ulong)options.IndexExpansionSearch, false);

        private readonly ReaderWriterLockSlim _lock = new();
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void Add(long id, float[] vector)
        {
            if (vector.Length != (int)_index.Dimensions())
            {
                return;
            }

            _lock.EnterWriteLock();
            try
            {
                if (!_index.Contains((ulong)id))
                {
                    _index.Add((ulong)id, vector);
                    _count++;
                }
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }

        public void Remove(IReadOnlyCollection<long> ids)
        {
            _lock.EnterWriteLock();
            try
            {
                foreach (var id in ids)
                {
                    _count -= _index.Remove((ulong)id);
                }
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }

        public IReadOnlyList<(long Id, double Similarity)> Search(float[] query, int count)
        {
            if (query.Length != (int)_index.Dimensions() || count <= 0)
            {
                return [];
            }

            _lock.EnterReadLock();
            try
            {
                var found = _index.Search(query, count, out ulong[] keys, out float[] distances);
                var hits = new List<(long, double)>(found);
                for (var i = 0; i < found; i++)
                {
                    // USearch's cosine metric is a distance: 1 - similarity.
                    hits.Add(((long)keys[i], Math.Round(1 - distances[i], 4)));
                }

                return hits;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }

        public void Dispose()
        {
            _index.Dispose();
            _lock.Dispose();
        }
    }
}

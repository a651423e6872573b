using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SutazAI.Contracts;
using SutazAI.Contracts.Knowledge;
using SutazAI.Knowledge.Data;
using SutazAI.Knowledge.Indexing;

namespace SutazAI.Knowledge.Search;

/// <summary>
/// Words and meaning together: PostgreSQL full-text search in each of the owner's document languages, and the
/// owner's HNSW graph for the query's MiniLM vector, fused by reciprocal rank (<see cref="RrfK"/>): a passage both
/// find ranks above one only either finds. The index's nearest candidates are put in exact order with the vectors
/// PostgreSQL keeps. Only the owner's passages are ever candidates.
/// </summary>
public sealed partial class HybridSearch(
    KnowledgeDbContext db, ChunkStore chunks, VectorIndex index, IHttpClientFactory httpClients, IOptions<KnowledgeOptions> options, ILogger<HybridSearch> logger)
{
    public const string ModelsClient = "models";
    public const int MaxQueryCharacters = 2000;

    /// <summary>The usual constant of reciprocal rank fusion: ranks further down still count, but little.</summary>
    public const int RrfK = 60;

    private const int MaxQueryWords = 32;

    public async Task<SearchResponse> SearchAsync(string owner, string query, SearchFilter filter, int topK, CancellationToken cancellationToken)
    {
        // A narrowed search looks deeper, because most of the owner's nearest passages may fall outside the filter.
        var depth = filter.Narrows ? Math.Max(topK * 10, 200) : Math.Max(topK * 4, 40);
        var orQuery = OrQuery(query);

        var (queryVector, candidates) = await NearestAsync(owner, query, VectorCandidates(topK, filter.Narrows), cancellationToken);
        // The index's one-bit vectors find the candidates; the stored float vectors put them in exact order.
        List<(long Id, double Similarity)> vectorRanked = queryVector is null ? [] : await chunks.NearestOfAsync(owner, [.. candidates.Select(c => c.Id)], queryVector, filter, depth, cancellationToken);
        var textHits = new List<(long Id, double Rank)>();
        if (orQuery.Length > 0)
        {
            var languages = await db.Documents.Where(d => d.Owner == owner).Select(d => d.Language).Distinct().ToListAsync(cancellationToken);
            foreach (var language in languages)
            {
                textHits.AddRange(await chunks.MatchWordsAsync(owner, language, orQuery, filter, depth, cancellationToken));
            }

            textHits = [.. textHits.OrderByDescending(h => h.Rank).Take(depth)];
        }

        var rows = await chunks.ReadAsync(owner, [.. vectorRanked.Select(h => h.Id).Union(textHits.Select(h => h.Id))], orQuery, filter, cancellationToken);
        vectorRanked = [.. vectorRanked.Where(h => rows.ContainsKey(h.Id))];
        var fused = new Dictionary<long, (double Score, double? Similarity, double? Rank)>();
        for (var i = 0; i < vectorRanked.Count; i++)
        {
            fused[vectorRanked[i].Id] = (1.0 / (RrfK + i + 1), vectorRanked[i].Similarity, null);
        }

        for (var i = 0; i < textHits.Count; i++)
        {
            var (id, rank) = textHits[i];
            var score = 1.0 / (RrfK + i + 1);
            fused[id] = fused.TryGetValue(id, out var seen) ? (seen.Score + score, seen.Similarity, rank) : (score, null, rank);
        }

        var hits = fused
            .OrderByDescending(f => f.Value.Score)
            .ThenBy(f => f.Key)
            .Take(topK)
            .Select(f => Hit(rows[f.Key], f.Value.Score, f.Value.Similarity, f.Value.Rank))
            .ToList();
        return new SearchResponse(query, hits, vectorRanked.Count, textHits.Count);
    }

    /// <summary>
    /// How many of the index's nearest passages are put in exact order for a search of <paramref name="topK"/>: enough
    /// that the exact ten nearest are among them (recall@10 0.99 at 100,000 passages, `--recall`), since one bit per
    /// dimension orders neighbours only roughly.
    /// </summary>
    public static int VectorCandidates(int topK, bool narrowed) => narrowed ? Math.Max(topK * 40, 400) : Math.Max(topK * 20, 200);

    /// <summary>The owner's nearest passages by meaning; none (words only) when the models service cannot embed the query.</summary>
    private async Task<(float[]? Query, IReadOnlyList<(long Id, double Similarity)> Hits)> NearestAsync(string owner, string query, int depth, CancellationToken cancellationToken)
    {
        await index.WhenReadyAsync(cancellationToken);
        try
        {
            var vector = (await httpClients.CreateClient(ModelsClient).EmbedAsync([query], cancellationToken))[0];
            return (vector, index.Search(owner, vector, depth));
        }
        catch (Exception ex) when (ServiceCalls.Unreachable(ex))
        {
            LogWordsOnly(logger, ex.Message);
            return (null, []);
        }
    }

    /// <summary>The query's words joined with OR for <c>to_tsquery</c> (stemmed and stop words dropped by PostgreSQL); operators in the text are not passed on.</summary>
    public static string OrQuery(string query) =>
        string.Join(" | ", Word().Matches(query).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length <= 64).Distinct().Take(MaxQueryWords));

    public int TopK(int? requested) => Math.Clamp(requested ?? options.Value.DefaultTopK, 1, options.Value.MaxTopK);

    private static SearchHit Hit(ChunkRow row, double score, double? similarity, double? rank) =>
        new(row.Id, row.DocumentId, row.DocumentName, row.Collection, row.MediaType, row.Position, row.Ordinal, row.Text,
            Highlight(row.Snippet), Math.Round(score, 6), similarity, rank);

    /// <summary>The snippet HTML-escaped, with the marked words in <c>&lt;mark&gt;</c>.</summary>
    public static string Highlight(string snippet)
    {
        var html = new StringBuilder(snippet.Length + 32);
        foreach (var part in snippet.Split(ChunkStore.MarkStart))
        {
            var end = part.IndexOf(ChunkStore.MarkEnd, StringComparison.Ordinal);
            if (end < 0)
            {
                html.Append(WebUtility.HtmlEncode(part));
                continue;
            }

            html.Append("<mark>").Append(WebUtility.HtmlEncode(part[..end])).Append("</mark>").Append(WebUtility.HtmlEncode(part[(end + 1)..]));
        }

        return html.ToString();
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The query could not be embedded ({Reason}); searching by words only")]
    private static partial void LogWordsOnly(ILogger logger, string reason);
}

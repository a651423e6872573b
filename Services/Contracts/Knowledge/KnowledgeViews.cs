namespace SutazAI.Contracts.Knowledge;

/// <summary>A text that is not a file, stored as a document (<c>POST /api/v1/knowledge/documents</c> with JSON).</summary>
public sealed record TextDocumentRequest(string? Collection, string? Name, string? Text);

/// <summary>
/// A stored document. <see cref="Status"/> is <c>Queued</c>, <c>Ingesting</c>, <c>Ready</c> or <c>Failed</c>;
/// <see cref="TaskId"/> is the <c>knowledge.ingest</c> task that chunks, embeds and indexes it.
/// </summary>
public sealed record DocumentView(
    Guid Id,
    string Collection,
    string Name,
    string MediaType,
    long SizeBytes,
    string ContentHash,
    string Status,
    int Chunks,
    string Language,
    Guid? TaskId,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? IngestedAt);

/// <summary>The answer to an upload: the document, and whether the same content was already in the collection.</summary>
public sealed record DocumentAccepted(DocumentView Document, bool Duplicate);

/// <summary>A collection of one owner's documents.</summary>
public sealed record CollectionView(string Name, int Documents, long Chunks, long SizeBytes, DateTimeOffset UpdatedAt);

/// <summary>A search: words and meaning together. Filters narrow it to a collection, one document or media types.</summary>
public sealed record SearchRequest(string? Query, string? Collection = null, Guid? DocumentId = null, IReadOnlyList<string>? MediaTypes = null, int? TopK = null);

/// <summary>
/// One passage found. <see cref="Score"/> is the fused rank score (reciprocal rank fusion); <see cref="Similarity"/>
/// the cosine similarity to the query when the vector search found it, <see cref="TextRank"/> the full-text rank when
/// the words did. <see cref="Snippet"/> is HTML-escaped text with the query's words in <c>&lt;mark&gt;</c>.
/// </summary>
public sealed record SearchHit(
    long ChunkId,
    Guid DocumentId,
    string DocumentName,
    string Collection,
    string MediaType,
    string Position,
    int Ordinal,
    string Text,
    string Snippet,
    double Score,
    double? Similarity,
    double? TextRank);

public sealed record SearchResponse(string Query, IReadOnlyList<SearchHit> Hits, int VectorCandidates, int TextCandidates);

/// <summary>A question answered from one's own documents (<c>knowledge.answer</c>, or <c>POST /api/v1/knowledge/ask</c>).</summary>
public sealed record AskRequest(string? Question, string? Collection = null, int? TopK = null);

/// <summary>A passage an answer cites as <c>[N]</c>; <see cref="ChunkId"/> opens it (<c>GET /api/v1/knowledge/chunks/{id}</c>).</summary>
public sealed record Citation(int N, Guid DocumentId, string DocumentName, string Position, string Snippet, long? ChunkId = null);

/// <summary>
/// An answer with the passages it cites. <see cref="UsedLlm"/> false means the answer is extractive: sentences
/// quoted from the passages, not generated text.
/// </summary>
public sealed record KnowledgeAnswer(string Answer, IReadOnlyList<Citation> Citations, bool UsedLlm, string? Note = null, Guid? TaskId = null);

/// <summary>
/// What a trusted agent asks on behalf of the owner of the task it runs (the knowledge service's internal search,
/// <c>POST /internal/v1/knowledge/search</c>), with a service token naming <see cref="ResearcherService"/>.
/// </summary>
public sealed record OwnerSearchRequest(string Owner, SearchRequest Search)
{
    public const string ResearcherService = "service:researcher";
}

/// <summary>Where the vector index stands.</summary>
public sealed record VectorIndexView(string Kind, long Vectors, int Owners, bool Ready, DateTimeOffset? BuiltAt, double? LastBuildSeconds);

/// <summary>A passage with its place in its document and the passages before and after it.</summary>
public sealed record PassageView(
    long Id, Guid DocumentId, string DocumentName, string MediaType, string Collection, string Position, int Ordinal, int StartOffset, string Text,
    IReadOnlyList<PassageNeighbour> Around);

public sealed record PassageNeighbour(long Id, int Ordinal, string Position, string Text);

namespace SutazAI.Knowledge;

/// <summary>Settings of the knowledge service (configuration section <c>Knowledge</c>).</summary>
public sealed class KnowledgeOptions
{
    /// <summary>The largest file one upload may carry; the gateway's limit for the upload route is the same.</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>The longest text a JSON document may carry, in characters (it also fits the gateway's 1 MiB body limit).</summary>
    public int MaxTextCharacters { get; set; } = 1_000_000;

    /// <summary>Passages embedded in one call to the models service.</summary>
    public int EmbeddingBatchSize { get; set; } = 32;

    public int DefaultTopK { get; set; } = 8;

    public int MaxTopK { get; set; } = 50;

    /// <summary>HNSW links per node: more gives better recall and more memory.</summary>
    public int IndexConnectivity { get; set; } = 16;

    public int IndexExpansionAdd { get; set; } = 128;

    /// <summary>How the index stores each vector: a sign bit per dimension (48 bytes for MiniLM) or a byte (384).</summary>
    public IndexQuantization IndexQuantization { get; set; } = IndexQuantization.Binary;

    public int IndexExpansionSearch { get; set; } = 96;

    /// <summary>Services whose callers may search on behalf of the owner of the task they run (the researcher agent).</summary>
    public string[] TrustedAgents { get; set; } = [Contracts.Knowledge.OwnerSearchRequest.ResearcherService];

    /// <summary>
    /// How long <c>/ask</c> waits for its task before answering 504 with the task's address; within the minute a
    /// delegated caller token is sure to live.
    /// </summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(50);
}

/// <summary>The index's copy of each vector; PostgreSQL keeps the exact one, which puts the index's candidates in order.</summary>
public enum IndexQuantization
{
    /// <summary>One bit per dimension (its sign), compared by Hamming distance.</summary>
    Binary,

    /// <summary>One signed byte per dimension (int8 scalar quantisation), compared by cosine.</summary>
    Scalar,
}

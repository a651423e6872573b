namespace SutazAI.Models.Llm;

/// <summary>
/// How one answer reaches the client: frame by frame while it streams, or whole (the form the cache keeps). Ollama's
/// API and the OpenAI-compatible one differ only here; the call itself (budget, cache, slot, metrics) is the same.
/// </summary>
public abstract class AnswerFormat
{
    public abstract string StreamContentType { get; }

    /// <summary>Sees every chunk from Ollama, streamed or not; returns what to write for it when streaming (null: nothing).</summary>
    public abstract string? Chunk(object chunk, bool streaming);

    /// <summary>What closes a stream after its final chunk (null: nothing).</summary>
    public virtual string? End(object done, long promptTokens, long completionTokens) => null;

    /// <summary>An error after the stream began, when no status can be set any more.</summary>
    public abstract string Error(string message);

    /// <summary>The whole answer, as JSON, when the client did not ask for a stream.</summary>
    public abstract string Whole(object done, string text, long promptTokens, long completionTokens);
}

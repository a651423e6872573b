using System.Text.Json;

namespace SutazAI.Models.Llm;

/// <summary>Ollama's own form: one JSON object per line, and a final object whose text is the whole answer.</summary>
/// <param name="merge">Puts the whole text into the final chunk.</param>
public sealed class OllamaAnswer(Func<object, string, object> merge) : AnswerFormat
{
    public override string StreamContentType => "application/x-ndjson";

    public override string? Chunk(object chunk, bool streaming) => streaming ? Line(chunk) : null;

    // Ollama itself reports errors mid-stream as a final {"error": ...} line.
    public override string Error(string message) => Line(new { error = message });

    public override string Whole(object done, string text, long promptTokens, long completionTokens)
    {
        var whole = merge(done, text);
        return JsonSerializer.Serialize(whole, whole.GetType(), LlmCalls.Wire);
    }

    private static string Line(object value) => JsonSerializer.Serialize(value, value.GetType(), LlmCalls.Wire) + "\n";
}

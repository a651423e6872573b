using System.Text.Json;

namespace SutazAI.Models.Embeddings;

/// <summary>The texts of an embedding request (Ollama's <c>/api/embed</c> and OpenAI's <c>/v1/embeddings</c> alike), bounded.</summary>
public static class EmbeddingInputs
{
    public const int MaxInputs = 256;
    public const int MaxCharacters = 20_000;

    /// <summary><c>input</c> as a string or an array of strings: the texts, or why they are refused.</summary>
    public static (IReadOnlyList<string>? Texts, string? Error) Read(JsonElement input)
    {
        List<string> texts;
        if (input.ValueKind == JsonValueKind.String)
        {
            texts = [input.GetString()!];
        }
        else if (input.ValueKind == JsonValueKind.Array && input.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            texts = [.. input.EnumerateArray().Select(e => e.GetString()!)];
        }
        else
        {
            return (null, "input must be a string or an array of strings (token arrays are not accepted: the embedding model tokenizes itself).");
        }

        return texts.Count is 0 or > MaxInputs || texts.Any(t => t.Length > MaxCharacters)
            ? (null, $"Send 1 to {MaxInputs} inputs of at most {MaxCharacters} characters each.")
            : (texts, null);
    }
}

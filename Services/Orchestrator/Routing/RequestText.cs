using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using SutazAI.Orchestrator.Registry;

namespace SutazAI.Orchestrator.Routing;

/// <summary>What routing reads from a request in words, and how the words become a capability's input.</summary>
public static class RequestText
{
    private static readonly char[] Separators = [':', '\n', '"', '\u201C', '\u00AB'];
    private const int MinInstructionLength = 8;
    private const int MaxInstructionLength = 300;

    /// <summary>
    /// The instruction part of a request: what comes before the content it is about ("how does the customer feel in
    /// this comment: the staff were rude" gives "how does the customer feel in this comment"), or null when the text
    /// has no such shape. The content's words would otherwise drown the intent.
    /// </summary>
    public static string? Instruction(string text)
    {
        var cut = text.IndexOfAny(Separators);
        if (cut >= MinInstructionLength && cut <= MaxInstructionLength && cut < text.Length - 1)
        {
            return text[..cut].Trim();
        }

        // A long text without a separator: its first sentence is usually the request.
        var sentenceEnd = text.IndexOfAny(['.', '?', '!']);
        return text.Length > MaxInstructionLength && sentenceEnd >= MinInstructionLength && sentenceEnd < MaxInstructionLength
            ? text[..(sentenceEnd + 1)].Trim()
            : null;
    }

    /// <summary>The distinct lower-case words of a text.</summary>
    public static HashSet<string> Words(string text) =>
        [.. text.Split(WordBreaks, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(w => w.ToLowerInvariant())];

    /// <summary>The share of a phrase's words that are among <paramref name="words"/> (0 to 1).</summary>
    public static double Overlap(HashSet<string> words, HashSet<string> phraseWords) =>
        phraseWords.Count == 0 ? 0 : (double)phraseWords.Count(words.Contains) / phraseWords.Count;

    private static readonly char[] WordBreaks = [' ', '\t', '\n', ',', '.', ';', ':', '!', '?', '"', '(', ')', '\u201C', '\u201D'];

    /// <summary>
    /// The input a capability gets for a routed request: the request's own when the capability's schema accepts it;
    /// else, when the request is only a text and the capability needs exactly one string (a question, a goal, an
    /// instruction, a message), that string; else null (the capability cannot take this request).
    /// </summary>
    public static JsonElement? InputFor(JsonElement schemaJson, JsonSchema schema, JsonElement input)
    {
        if (InputValidator.Validate(schema, input).Count == 0)
        {
            return input;
        }

        if (input.ValueKind != JsonValueKind.Object || input.EnumerateObject().Count() != 1 || !input.TryGetProperty("text", out var text)
            || !schemaJson.TryGetProperty("required", out var required) || required.GetArrayLength() != 1
            || !schemaJson.TryGetProperty("properties", out var properties))
        {
            return null;
        }

        var field = required[0].GetString()!;
        if (!properties.TryGetProperty(field, out var property) || !property.TryGetProperty("type", out var type) || !IsString(type))
        {
            return null;
        }

        var mapped = JsonSerializer.SerializeToElement(new JsonObject { [field] = JsonValue.Create(text.GetString()) });
        return InputValidator.Validate(schema, mapped).Count == 0 ? mapped : null;
    }

    private static bool IsString(JsonElement type) =>
        type.ValueKind == JsonValueKind.String ? type.GetString() == "string" : type.EnumerateArray().Any(t => t.GetString() == "string");
}

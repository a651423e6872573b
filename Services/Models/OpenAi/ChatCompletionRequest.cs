using System.Text.Json;
using System.Text.Json.Serialization;

namespace SutazAI.Models.OpenAi;

/// <summary>
/// OpenAI's <c>POST /v1/chat/completions</c> body, as far as a local model can honour it. Parts that vary in shape
/// (content, stop, tools, tool_choice) stay JSON and are read by <see cref="ChatCompletionTranslator"/>.
/// </summary>
public sealed record ChatCompletionRequest
{
    [JsonPropertyName("model")] public string? Model { get; init; }

    [JsonPropertyName("messages")] public List<ChatCompletionMessage?>? Messages { get; init; }

    [JsonPropertyName("stream")] public bool Stream { get; init; }

    [JsonPropertyName("stream_options")] public StreamOptions? StreamOptions { get; init; }

    [JsonPropertyName("temperature")] public float? Temperature { get; init; }

    [JsonPropertyName("top_p")] public float? TopP { get; init; }

    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; init; }

    [JsonPropertyName("max_completion_tokens")] public int? MaxCompletionTokens { get; init; }

    /// <summary>A string or up to four strings.</summary>
    [JsonPropertyName("stop")] public JsonElement? Stop { get; init; }

    [JsonPropertyName("seed")] public int? Seed { get; init; }

    [JsonPropertyName("presence_penalty")] public float? PresencePenalty { get; init; }

    [JsonPropertyName("frequency_penalty")] public float? FrequencyPenalty { get; init; }

    [JsonPropertyName("n")] public int? N { get; init; }

    [JsonPropertyName("response_format")] public ResponseFormat? ResponseFormat { get; init; }

    /// <summary>Function tools (<c>{"type": "function", "function": {...}}</c>), passed to Ollama as they are.</summary>
    [JsonPropertyName("tools")] public List<JsonElement>? Tools { get; init; }

    /// <summary><c>"none"</c> withholds the tools; anything else leaves the choice to the model.</summary>
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; init; }

    [JsonPropertyName("user")] public string? User { get; init; }
}

public sealed record ChatCompletionMessage
{
    /// <summary><c>system</c>, <c>developer</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
    [JsonPropertyName("role")] public string? Role { get; init; }

    /// <summary>A string, or an array of parts (<c>text</c>, and <c>image_url</c> with a <c>data:</c> URL).</summary>
    [JsonPropertyName("content")] public JsonElement? Content { get; init; }

    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("tool_calls")] public List<ToolCall>? ToolCalls { get; init; }

    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; init; }
}

public sealed record ToolCall(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("function")] FunctionCall? Function);

public sealed record FunctionCall(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("arguments")] string? Arguments);

public sealed record StreamOptions([property: JsonPropertyName("include_usage")] bool IncludeUsage);

public sealed record ResponseFormat(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("json_schema")] JsonSchemaFormat? JsonSchema);

public sealed record JsonSchemaFormat(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("schema")] JsonElement? Schema,
    [property: JsonPropertyName("strict")] bool? Strict);

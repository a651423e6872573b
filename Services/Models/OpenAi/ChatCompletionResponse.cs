using System.Text.Json;
using System.Text.Json.Serialization;

namespace SutazAI.Models.OpenAi;

/// <summary>OpenAI's answer shapes: a whole completion, a streamed chunk, and the usage both report.</summary>
public sealed record ChatCompletion(string Id, [property: JsonPropertyName("object")] string Kind, long Created, string Model, IReadOnlyList<CompletionChoice> Choices, Usage Usage);

public sealed record CompletionChoice(int Index, AssistantMessage Message, [property: JsonPropertyName("finish_reason")] string FinishReason);

public sealed record AssistantMessage(string Role, string? Content, [property: JsonPropertyName("tool_calls")] IReadOnlyList<ToolCall>? ToolCalls);

public sealed record ChatCompletionChunk(string Id, [property: JsonPropertyName("object")] string Kind, long Created, string Model, IReadOnlyList<ChunkChoice> Choices, Usage? Usage);

public sealed record ChunkChoice(int Index, ChunkDelta Delta, [property: JsonPropertyName("finish_reason")] string? FinishReason);

public sealed record ChunkDelta(string? Role, string? Content, [property: JsonPropertyName("tool_calls")] IReadOnlyList<StreamedToolCall>? ToolCalls);

public sealed record StreamedToolCall(int Index, string Id, string Type, FunctionCall Function);

public sealed record Usage([property: JsonPropertyName("prompt_tokens")] long PromptTokens, [property: JsonPropertyName("completion_tokens")] long CompletionTokens, [property: JsonPropertyName("total_tokens")] long TotalTokens);

public static class OpenAiJson
{
    /// <summary>snake_case names, and absent rather than null where OpenAI leaves a field out.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

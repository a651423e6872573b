using System.Text.Json;
using OllamaSharp.Models.Chat;
using SutazAI.Models.Llm;

namespace SutazAI.Models.OpenAi;

/// <summary>
/// An Ollama chat answer in OpenAI's form: whole as a <c>chat.completion</c>, or streamed as server-sent
/// <c>chat.completion.chunk</c> events ending with <c>data: [DONE]</c> (with a usage chunk before it when
/// <c>stream_options.include_usage</c> asks). Tool calls become OpenAI tool calls with ids.
/// </summary>
public sealed class ChatCompletionAnswer(string model, bool includeUsage, TimeProvider clock) : AnswerFormat
{
    private const string Done = "data: [DONE]\n\n";

    private readonly string _id = "chatcmpl-" + Guid.NewGuid().ToString("N");
    private readonly long _created = clock.GetUtcNow().ToUnixTimeSeconds();
    private readonly List<ToolCall> _toolCalls = [];
    private bool _roleSent;

    public override string StreamContentType => "text/event-stream";

    public override string? Chunk(object chunk, bool streaming)
    {
        var message = ((ChatResponseStream)chunk).Message;
        var newCalls = message?.ToolCalls?.Select(ToOpenAi).ToList() ?? [];
        var firstNew = _toolCalls.Count;
        _toolCalls.AddRange(newCalls);
        if (!streaming || (string.IsNullOrEmpty(message?.Content) && newCalls.Count == 0 && _roleSent))
        {
            return null;
        }

        var delta = new ChunkDelta(
            _roleSent ? null : "assistant",
            message?.Content ?? "",
            newCalls.Count == 0 ? null : [.. newCalls.Select((call, i) => new StreamedToolCall(firstNew + i, call.Id!, "function", call.Function!))]);
        _roleSent = true;
        return Event(new ChatCompletionChunk(_id, "chat.completion.chunk", _created, model, [new ChunkChoice(0, delta, null)], null));
    }

    public override string? End(object done, long promptTokens, long completionTokens)
    {
        var last = Event(new ChatCompletionChunk(_id, "chat.completion.chunk", _created, model,
            [new ChunkChoice(0, new ChunkDelta(null, null, null), FinishReason(done))], null));
        var usage = includeUsage
            ? Event(new ChatCompletionChunk(_id, "chat.completion.chunk", _created, model, [], Usage(promptTokens, completionTokens)))
            : "";
        return last + usage + Done;
    }

    public override string Error(string message) =>
        Event(new Microsoft.Extensions.Hosting.OpenAiErrorWriter.ErrorResponse(
            Microsoft.Extensions.Hosting.OpenAiErrorWriter.ErrorFor(StatusCodes.Status502BadGateway, null, message))) + Done;

    public override string Whole(object done, string text, long promptTokens, long completionTokens) => JsonSerializer.Serialize(
        new ChatCompletion(_id, "chat.completion", _created, model,
            [new CompletionChoice(0, new AssistantMessage("assistant", _toolCalls.Count > 0 && text.Length == 0 ? null : text, _toolCalls.Count > 0 ? _toolCalls : null), FinishReason(done))],
            Usage(promptTokens, completionTokens)), OpenAiJson.Options);

    private string FinishReason(object done) =>
        _toolCalls.Count > 0 ? "tool_calls" : ((ChatDoneResponseStream)done).DoneReason == "length" ? "length" : "stop";

    private static Usage Usage(long prompt, long completion) => new(prompt, completion, prompt + completion);

    private ToolCall ToOpenAi(Message.ToolCall call) => new(
        call.Id is { Length: > 0 } id ? id : $"call_{_toolCalls.Count}_{Guid.NewGuid():N}"[..24],
        "function",
        new FunctionCall(call.Function?.Name, JsonSerializer.Serialize(call.Function?.Arguments ?? new Dictionary<string, object?>())));

    private static string Event<T>(T value) => "data: " + JsonSerializer.Serialize(value, OpenAiJson.Options) + "\n\n";
}

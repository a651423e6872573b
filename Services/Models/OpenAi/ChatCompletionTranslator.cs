using System.Text;
using System.Text.Json;
using OllamaSharp.Models;
using OllamaSharp.Models.Chat;

namespace SutazAI.Models.OpenAi;

/// <summary>
/// An OpenAI chat completion request as Ollama's chat request: roles, text and inline images, tool calls and tool
/// results, sampling options, and <c>response_format</c> as Ollama's structured output. Anything a local model
/// cannot honour is refused with the reason (a 400), never silently dropped.
/// </summary>
public static class ChatCompletionTranslator
{
    public const int MaxMessages = 1_000;
    public const int MaxTools = 128;
    public const int MaxStops = 4;
    public const int MaxCompletionTokens = 131_072;
    public const int MaxModelLength = 200;

    /// <summary>Ollama's request, or why there is none.</summary>
    public static (ChatRequest? Request, string? Error) ToOllama(ChatCompletionRequest request, string defaultModel)
    {
        if (request.Messages is not { Count: > 0 } messages || messages.Any(m => m is null))
        {
            return (null, "messages must hold at least one message.");
        }

        if (messages.Count > MaxMessages)
        {
            return (null, $"messages may hold at most {MaxMessages} messages.");
        }

        if (request.Model is { Length: > MaxModelLength })
        {
            return (null, $"model must be at most {MaxModelLength} characters.");
        }

        if (request.N is not (null or 1))
        {
            return (null, "n must be 1: one choice per request.");
        }

        if (request.Temperature is < 0 or > 2 || request.TopP is < 0 or > 1)
        {
            return (null, "temperature must be between 0 and 2 and top_p between 0 and 1.");
        }

        var maxTokens = request.MaxCompletionTokens ?? request.MaxTokens;
        if (maxTokens is < 1 or > MaxCompletionTokens)
        {
            return (null, $"max_completion_tokens (or max_tokens) must be between 1 and {MaxCompletionTokens}.");
        }

        var (stop, stopError) = Stops(request.Stop);
        var (format, formatError) = Format(request.ResponseFormat);
        var (tools, toolsError) = Tools(request);
        if ((stopError ?? formatError ?? toolsError) is { } optionError)
        {
            return (null, optionError);
        }

        var converted = new List<Message>(messages.Count);
        foreach (var message in messages)
        {
            var (ollamaMessage, error) = ToOllama(message!, messages);
            if (error is not null)
            {
                return (null, error);
            }

            converted.Add(ollamaMessage!);
        }

        return (new ChatRequest
        {
            Model = string.IsNullOrWhiteSpace(request.Model) ? defaultModel : request.Model,
            Messages = converted,
            Format = format,
            Tools = tools,
            Stream = true,
            Options = new RequestOptions
            {
                Temperature = request.Temperature,
                TopP = request.TopP,
                NumPredict = maxTokens,
                Stop = stop,
                Seed = request.Seed,
                PresencePenalty = request.PresencePenalty,
                FrequencyPenalty = request.FrequencyPenalty,
            },
        }, null);
    }

    /// <summary>Characters sent, for the token estimate a budget reserves before the call.</summary>
    public static long PromptCharacters(ChatRequest request) =>
        request.Messages?.Sum(m => (long)(m.Content?.Length ?? 0)) ?? 0;

    private static (Message? Message, string? Error) ToOllama(ChatCompletionMessage message, List<ChatCompletionMessage?> all)
    {
        var role = message.Role?.ToLowerInvariant() switch
        {
            "system" or "developer" => ChatRole.System,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            "tool" => ChatRole.Tool,
            _ => (ChatRole?)null,
        };
        if (role is null)
        {
            return (null, $"'{message.Role}' is not a role: use system, developer, user, assistant or tool.");
        }

        var (text, images, error) = Content(message.Content);
        if (error is not null)
        {
            return (null, error);
        }

        var ollama = new Message(role.Value, text ?? "") { Images = images };
        if (message.ToolCalls is { Count: > 0 } calls)
        {
            var toolCalls = new List<Message.ToolCall>(calls.Count);
            foreach (var call in calls)
            {
                if (call.Function?.Name is not { Length: > 0 } name)
                {
                    return (null, "Every tool call needs function.name.");
                }

                if (!TryParseArguments(call.Function.Arguments, out var arguments))
                {
                    return (null, $"The arguments of the tool call '{name}' must be a JSON object.");
                }

                toolCalls.Add(new Message.ToolCall { Id = call.Id, Function = new Message.Function { Name = name, Arguments = arguments } });
            }

            ollama.ToolCalls = toolCalls;
        }

        if (role == ChatRole.Tool)
        {
            // Ollama names the tool a result belongs to; OpenAI names the call, so look the call up.
            ollama.ToolName = all.SelectMany(m => m?.ToolCalls ?? []).FirstOrDefault(c => c.Id == message.ToolCallId)?.Function?.Name
                ?? message.Name;
        }

        return (ollama, null);
    }

    private static (string? Text, string[]? Images, string? Error) Content(JsonElement? content)
    {
        if (content is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null, null);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return (value.GetString(), null, null);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return (null, null, "content must be a string or an array of content parts.");
        }

        var text = new StringBuilder();
        var images = new List<string>();
        foreach (var part in value.EnumerateArray())
        {
            var type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) ? t.GetString() : null;
            switch (type)
            {
                case "text" when part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String:
                    text.Append(partText.GetString());
                    break;
                case "image_url" when ImageData(part) is { } image:
                    images.Add(image);
                    break;
                case "image_url":
                    return (null, null, "image_url must be a data: URL with base64 image data; the platform fetches nothing from the network.");
                default:
                    return (null, null, $"Content parts of type '{type}' are not supported: use text or image_url.");
            }
        }

        return (text.ToString(), images.Count > 0 ? [.. images] : null, null);
    }

    private static string? ImageData(JsonElement part)
    {
        var url = part.TryGetProperty("image_url", out var image) && image.ValueKind == JsonValueKind.Object && image.TryGetProperty("url", out var u)
            ? u.GetString()
            : null;
        var comma = url?.IndexOf(',', StringComparison.Ordinal) ?? -1;
        return url is not null && url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && comma > 0
            && url.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase)
            ? url[(comma + 1)..]
            : null;
    }

    private static bool TryParseArguments(string? json, out IDictionary<string, object?>? arguments)
    {
        arguments = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            arguments = new Dictionary<string, object?>();
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (string[]? Stop, string? Error) Stops(JsonElement? stop) => stop switch
    {
        null or { ValueKind: JsonValueKind.Null } => (null, null),
        { ValueKind: JsonValueKind.String } one => ([one.GetString()!], null),
        { ValueKind: JsonValueKind.Array } many when many.GetArrayLength() <= MaxStops && many.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String)
            => ([.. many.EnumerateArray().Select(s => s.GetString()!)], null),
        _ => (null, $"stop must be a string or an array of at most {MaxStops} strings."),
    };

    private static (object? Format, string? Error) Format(ResponseFormat? format) => format?.Type switch
    {
        null or "text" => (null, null),
        "json_object" => ("json", null),
        "json_schema" when format.JsonSchema?.Schema is { ValueKind: JsonValueKind.Object } schema => (schema, null),
        "json_schema" => (null, "response_format json_schema needs json_schema.schema, a JSON Schema object."),
        _ => (null, $"response_format type '{format.Type}' is not supported: use text, json_object or json_schema."),
    };

    private static (IEnumerable<object>? Tools, string? Error) Tools(ChatCompletionRequest request)
    {
        if (request.Tools is not { Count: > 0 } tools || request.ToolChoice is { ValueKind: JsonValueKind.String } choice && choice.GetString() == "none")
        {
            return (null, null);
        }

        if (tools.Count > MaxTools)
        {
            return (null, $"tools may hold at most {MaxTools} tools.");
        }

        var valid = tools.All(tool => tool.ValueKind == JsonValueKind.Object
            && tool.TryGetProperty("type", out var type) && type.GetString() == "function"
            && tool.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
            && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String);
        return valid ? ([.. tools.Cast<object>()], null) : (null, "Every tool must be {\"type\": \"function\", \"function\": {\"name\": ...}}.");
    }
}

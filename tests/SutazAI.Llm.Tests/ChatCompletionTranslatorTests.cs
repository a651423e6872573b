using System.Text.Json;
using OllamaSharp.Models.Chat;
using SutazAI.Models.OpenAi;

namespace SutazAI.Llm.Tests;

/// <summary>OpenAI's chat request as Ollama's, and Ollama's answer in OpenAI's form, without a platform.</summary>
public sealed class ChatCompletionTranslatorTests
{
    [Theory]
    [InlineData("""{"messages":[]}""", "at least one message")]
    [InlineData("""{"messages":[null]}""", "at least one message")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"n":2}""", "n must be 1")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"temperature":2.5}""", "temperature")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"top_p":1.5}""", "top_p")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"max_tokens":0}""", "max_completion_tokens")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"max_completion_tokens":999999999}""", "max_completion_tokens")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"stop":["a","b","c","d","e"]}""", "stop")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"stop":42}""", "stop")]
    [InlineData("""{"messages":[{"role":"wizard","content":"hi"}]}""", "not a role")]
    [InlineData("""{"messages":[{"role":"user","content":42}]}""", "content must be")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"audio","data":"x"}]}]}""", "'audio' are not supported")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}""", "fetches nothing")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"[1]"}}]}]}""", "must be a JSON object")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"arguments":"{}"}}]}]}""", "function.name")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"xml"}}""", "not supported")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"x"}}}""", "json_schema.schema")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"retrieval"}]}""", "Every tool must be")]
    public void A_request_a_local_model_cannot_honour_is_refused_with_the_reason(string json, string reason)
    {
        var (request, error) = ChatCompletionTranslator.ToOllama(Parse(json), "llama3.2");

        Assert.Null(request);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void More_tools_than_OpenAI_allows_are_refused()
    {
        var tools = string.Join(",", Enumerable.Range(0, ChatCompletionTranslator.MaxTools + 1).Select(i => $$$"""{"type":"function","function":{"name":"f{{{i}}}"}}"""));

        var (request, error) = ChatCompletionTranslator.ToOllama(Parse($$"""{"messages":[{"role":"user","content":"hi"}],"tools":[{{tools}}]}"""), "llama3.2");

        Assert.Null(request);
        Assert.Contains("at most 128 tools", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Roles_parts_images_tool_calls_and_options_reach_Ollama()
    {
        var (request, error) = ChatCompletionTranslator.ToOllama(Parse("""
            {"messages":[
              {"role":"developer","content":"Be brief."},
              {"role":"user","content":[{"type":"text","text":"What is "},{"type":"text","text":"this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_7","type":"function","function":{"name":"lookup","arguments":"{\"q\":\"cat\"}"}}]},
              {"role":"tool","tool_call_id":"call_7","content":"A cat."}],
             "stop":"END","seed":7,"max_tokens":50,"presence_penalty":0.5,"frequency_penalty":0.25,
             "response_format":{"type":"json_object"},
             "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}]}
            """), "llama3.2");

        Assert.Null(error);
        Assert.Equal("llama3.2", request!.Model);
        var messages = request.Messages!.ToList();
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool], messages.Select(m => m.Role!.Value));
        Assert.Equal("What is this?", messages[1].Content);
        Assert.Equal(["iVBORw0KGgo="], messages[1].Images!);
        var call = Assert.Single(messages[2].ToolCalls!);
        Assert.Equal(("lookup", "cat"), (call.Function!.Name, call.Function.Arguments!["q"]!.ToString()));
        Assert.Equal("lookup", messages[3].ToolName);
        Assert.Equal(("END", 7, 50), (request.Options!.Stop!.Single(), request.Options.Seed, request.Options.NumPredict));
        Assert.Equal((0.5f, 0.25f), (request.Options.PresencePenalty, request.Options.FrequencyPenalty));
        Assert.Equal("json", request.Format);
        Assert.Single(request.Tools!);
    }

    [Fact]
    public void Tool_choice_none_withholds_the_tools()
    {
        var (request, _) = ChatCompletionTranslator.ToOllama(Parse("""
            {"model":"qwen3","messages":[{"role":"user","content":"hi"}],"tool_choice":"none",
             "tools":[{"type":"function","function":{"name":"lookup"}}]}
            """), "llama3.2");

        Assert.Equal("qwen3", request!.Model);
        Assert.Null(request.Tools);
    }

    [Fact]
    public void A_streamed_answer_is_a_role_chunk_then_content_then_the_finish_the_usage_and_DONE()
    {
        var answer = new ChatCompletionAnswer("llama3.2", includeUsage: true, new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000)));

        var first = answer.Chunk(Chunk("Hel"), streaming: true)!;
        var second = answer.Chunk(Chunk("lo"), streaming: true)!;
        var done = new ChatDoneResponseStream { Message = new Message(ChatRole.Assistant, ""), Done = true, DoneReason = "length", PromptEvalCount = 4, EvalCount = 2 };
        Assert.Null(answer.Chunk(done, streaming: true));
        var end = answer.End(done, 4, 2)!;

        var events = Events(first + second + end);
        Assert.Equal("assistant", events[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("Hel", events[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString());
        Assert.False(events[1].GetProperty("choices")[0].GetProperty("delta").TryGetProperty("role", out _));
        Assert.Equal("length", events[2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(0, events[3].GetProperty("choices").GetArrayLength());
        Assert.Equal(6, events[3].GetProperty("usage").GetProperty("total_tokens").GetInt64());
        Assert.All(events, e => Assert.Equal(1_800_000_000, e.GetProperty("created").GetInt64()));
        Assert.Single(events.Select(e => e.GetProperty("id").GetString()).Distinct());
        Assert.EndsWith("data: [DONE]\n\n", end, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_answer_with_tool_calls_finishes_with_tool_calls_and_no_content()
    {
        var answer = new ChatCompletionAnswer("llama3.2", includeUsage: false, TimeProvider.System);
        var calling = Chunk("");
        calling.Message!.ToolCalls = [new Message.ToolCall { Function = new Message.Function { Name = "lookup", Arguments = new Dictionary<string, object?> { ["q"] = "cat" } } }];

        Assert.Null(answer.Chunk(calling, streaming: false));
        using var whole = JsonDocument.Parse(answer.Whole(new ChatDoneResponseStream { Done = true, DoneReason = "stop" }, "", 3, 1));

        var choice = whole.RootElement.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        Assert.False(choice.GetProperty("message").TryGetProperty("content", out _));
        var call = choice.GetProperty("message").GetProperty("tool_calls")[0];
        Assert.StartsWith("call_", call.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("""{"q":"cat"}""", call.GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("chat.completion", whole.RootElement.GetProperty("object").GetString());
    }

    [Fact]
    public void An_error_mid_stream_is_an_OpenAI_error_event_and_the_stream_still_ends()
    {
        var error = new ChatCompletionAnswer("llama3.2", includeUsage: false, TimeProvider.System).Error("Ollama went away.");

        var parsed = Events(error).Single();
        Assert.Equal("Ollama went away.", parsed.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("server_error", parsed.GetProperty("error").GetProperty("type").GetString());
        Assert.EndsWith("data: [DONE]\n\n", error, StringComparison.Ordinal);
    }

    private static ChatCompletionRequest Parse(string json) => JsonSerializer.Deserialize<ChatCompletionRequest>(json)!;

    private static ChatResponseStream Chunk(string text) => new() { Message = new Message(ChatRole.Assistant, text), Done = false };

    /// <summary>The JSON of each <c>data:</c> event, [DONE] left out.</summary>
    private static List<JsonElement> Events(string stream) =>
        [.. stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e["data: ".Length..])
            .Where(data => data != "[DONE]")
            .Select(data => JsonDocument.Parse(data).RootElement.Clone())];

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

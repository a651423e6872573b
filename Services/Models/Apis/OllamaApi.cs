using System.Text.Json;
using OllamaSharp.Models;
using OllamaSharp.Models.Chat;
using SutazAI.Contracts.Auth;
using SutazAI.Models.Embeddings;
using SutazAI.Models.Llm;

namespace SutazAI.Models.Apis;

/// <summary>
/// Ollama's own HTTP API (<c>/api/chat</c>, <c>/api/generate</c>, <c>/api/tags</c>, <c>/api/embed</c>), so agents
/// use OllamaSharp against this service exactly as against Ollama, and get the cache, slots and budgets.
/// </summary>
public static class OllamaApi
{
    public static IEndpointRouteBuilder MapOllamaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Ollama-compatible").RequireScope(ApiScopes.Models, services: true);
        api.MapPost("/chat", Chat).WithName("OllamaChat").WithSummary("Chat completion (Ollama API), streamed as NDJSON unless stream is false");
        api.MapPost("/generate", Generate).WithName("OllamaGenerate").WithSummary("Text completion (Ollama API), streamed as NDJSON unless stream is false");
        api.MapGet("/tags", Tags).WithName("OllamaTags").WithSummary("Models installed in Ollama (Ollama API)");
        api.MapPost("/embed", Embed).WithName("OllamaEmbed").WithSummary("Sentence embeddings computed locally with MiniLM (Ollama API)");
        return app;
    }

    public static async Task Chat(JsonBody<ChatRequest> body, HttpContext http, OllamaConnection ollama, LlmCalls calls)
    {
        var request = body.Value;

        var messages = request.Messages?.ToList() ?? [];
        if (messages.Count == 0 || messages.Any(m => m is null))
        {
            await LlmProblems.Invalid("messages must hold at least one message.").ExecuteAsync(http);
            return;
        }

        if (!ollama.IsConfigured)
        {
            await LlmProblems.Unavailable(OllamaConnection.NotConfigured).ExecuteAsync(http);
            return;
        }

        var stream = request.Stream;
        request.Model = string.IsNullOrWhiteSpace(request.Model) ? ollama.DefaultModel : request.Model;
        request.Messages = messages;
        request.Stream = true;
        var estimate = messages.Sum(m => (long)(m.Content?.Length ?? 0)) / 4 + (request.Options?.NumPredict ?? 1024);

        await calls.ExecuteAsync(http, LlmRequestContext.From(http.Request), new LlmCalls.Call(
            "chat",
            request.Model,
            stream,
            ResponseCache.KeyIfDeterministic("chat", stream, request.Options, request),
            estimate,
            token => ollama.Client.ChatAsync(request, token),
            ChatChunks.IsDone,
            ChatChunks.TextOf,
            ChatChunks.UsageOf,
            new OllamaAnswer((done, text) =>
            {
                var final = (ChatResponseStream)done;
                final.Message ??= new Message(ChatRole.Assistant, "");
                final.Message.Content = text;
                return final;
            })));
    }

    public static async Task Generate(JsonBody<GenerateRequest> body, HttpContext http, OllamaConnection ollama, LlmCalls calls)
    {
        var request = body.Value;

        if (string.IsNullOrEmpty(request.Prompt))
        {
            await LlmProblems.Invalid("prompt is required.").ExecuteAsync(http);
            return;
        }

        if (!ollama.IsConfigured)
        {
            await LlmProblems.Unavailable(OllamaConnection.NotConfigured).ExecuteAsync(http);
            return;
        }

        var stream = request.Stream;
        request.Model = string.IsNullOrWhiteSpace(request.Model) ? ollama.DefaultModel : request.Model;
        request.Stream = true;
        var estimate = ((request.Prompt.Length + (request.System?.Length ?? 0)) / 4) + (request.Options?.NumPredict ?? 1024);

        await calls.ExecuteAsync(http, LlmRequestContext.From(http.Request), new LlmCalls.Call(
            "generate",
            request.Model,
            stream,
            ResponseCache.KeyIfDeterministic("generate", stream, request.Options, request),
            estimate,
            token => ollama.Client.GenerateAsync(request, token),
            chunk => ((GenerateResponseStream)chunk).Done,
            chunk => ((GenerateResponseStream)chunk).Response,
            chunk => chunk is GenerateDoneResponseStream done ? (done.PromptEvalCount, done.EvalCount) : (0, 0),
            new OllamaAnswer((done, text) =>
            {
                var final = (GenerateResponseStream)done;
                final.Response = text;
                return final;
            })));
    }

    public static async Task<IResult> Tags(OllamaConnection ollama, CancellationToken cancellationToken)
    {
        try
        {
            var models = await ollama.Client.ListLocalModelsAsync(cancellationToken);
            return TypedResults.Json(new { models }, LlmCalls.Wire);
        }
        catch (Exception ex) when (UpstreamErrors.IsUnavailable(ex))
        {
            return LlmProblems.Unavailable(UpstreamErrors.Describe(ex));
        }
    }

    public static async Task<IResult> Embed(JsonBody<EmbedRequestBody> body, LocalEmbedder embedder, CancellationToken cancellationToken)
    {
        var (inputs, error) = EmbeddingInputs.Read(body.Value.Input);
        if (inputs is null)
        {
            return LlmProblems.Invalid(error!);
        }

        var vectors = await embedder.EmbedAsync(inputs, cancellationToken);
        return TypedResults.Json(new { model = LocalEmbedder.ModelName, embeddings = vectors });
    }

    /// <summary>Ollama's embed request: <c>input</c> is a string or an array of strings; the model is always MiniLM here.</summary>
    public sealed record EmbedRequestBody(string? Model, JsonElement Input);
}

using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using SutazAI.Contracts;
using SutazAI.Contracts.Auth;
using SutazAI.Models.Embeddings;
using SutazAI.Models.Llm;
using SutazAI.Models.OpenAi;

namespace SutazAI.Models.Apis;

/// <summary>
/// The OpenAI-compatible API (<c>/v1/chat/completions</c>, <c>/v1/embeddings</c>, <c>/v1/models</c>), so OpenAI's
/// SDKs and the tools built on them work against the platform; every completion goes through the same budget,
/// cache, slots and metrics as the Ollama API. Errors take OpenAI's shape (<see cref="OpenAiErrorWriter"/>).
/// </summary>
public static class OpenAiApi
{
    public static IEndpointRouteBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        // The path OpenAI's clients expect (OpenAiErrorWriter.PathPrefix).
        var v1 = app.MapGroup("/v1").WithTags("OpenAI-compatible");
        v1.MapPost("/chat/completions", ChatCompletions).RequireScope(ApiScopes.Chat).WithName("OpenAiChatCompletions")
            .WithSummary("Chat completion (OpenAI API), as server-sent events when stream is true")
            .Produces<ChatCompletion>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .WithOpenAiErrors(StatusCodes.Status400BadRequest, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        v1.MapPost("/embeddings", Embeddings).RequireScope(ApiScopes.Models).WithName("OpenAiEmbeddings")
            .WithSummary("Sentence embeddings computed locally with MiniLM (OpenAI API)")
            .Produces<EmbeddingList>()
            .WithOpenAiErrors(StatusCodes.Status400BadRequest);
        v1.MapGet("/models", ListModels).RequireScope(ApiScopes.Models).WithName("OpenAiListModels")
            .WithSummary("The chat models installed in Ollama and the embedding model (OpenAI API)")
            .Produces<ModelList>()
            .WithOpenAiErrors(StatusCodes.Status503ServiceUnavailable);
        v1.MapGet("/models/{**id}", GetModel).RequireScope(ApiScopes.Models).WithName("OpenAiGetModel")
            .WithSummary("One model (OpenAI API)")
            .Produces<ModelEntry>()
            .WithOpenAiErrors(StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>Errors come in OpenAI's shape (<see cref="OpenAiErrorWriter"/>), not as problem documents.</summary>
    private static RouteHandlerBuilder WithOpenAiErrors(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            endpoint.Produces<OpenAiErrorWriter.ErrorResponse>(status, "application/json");
        }

        return endpoint;
    }

    public static async Task ChatCompletions(JsonBody<ChatCompletionRequest> body, HttpContext http, OllamaConnection ollama, LlmCalls calls, TimeProvider clock)
    {
        var (request, error) = ChatCompletionTranslator.ToOllama(body.Value, ollama.DefaultModel);
        if (request is null)
        {
            await LlmProblems.Invalid(error!).ExecuteAsync(http);
            return;
        }

        if (!ollama.IsConfigured)
        {
            await LlmProblems.Unavailable(OllamaConnection.NotConfigured).ExecuteAsync(http);
            return;
        }

        var stream = body.Value.Stream;
        var estimate = ChatCompletionTranslator.PromptCharacters(request) / 4 + (request.Options?.NumPredict ?? 1024);
        await calls.ExecuteAsync(http, LlmRequestContext.From(http.Request), new LlmCalls.Call(
            "chat",
            request.Model,
            stream,
            ResponseCache.KeyIfDeterministic("openai-chat", stream, request.Options, request),
            estimate,
            token => ollama.Client.ChatAsync(request, token),
            ChatChunks.IsDone,
            ChatChunks.TextOf,
            ChatChunks.UsageOf,
            new ChatCompletionAnswer(request.Model, body.Value.StreamOptions?.IncludeUsage == true, clock)));
    }

    public static async Task<IResult> Embeddings(JsonBody<EmbeddingsRequest> body, LocalEmbedder embedder, CancellationToken cancellationToken)
    {
        var request = body.Value;
        var (texts, error) = EmbeddingInputs.Read(request.Input);
        if (texts is null)
        {
            return LlmProblems.Invalid(error!);
        }

        if (request.EncodingFormat is not (null or "float" or "base64"))
        {
            return LlmProblems.Invalid("encoding_format must be float or base64.");
        }

        if (request.Dimensions is { } dimensions && dimensions != LocalEmbedder.Dimensions)
        {
            return LlmProblems.Invalid($"{LocalEmbedder.ModelName} has {LocalEmbedder.Dimensions} dimensions; it cannot give {dimensions}.");
        }

        var vectors = await embedder.EmbedAsync(texts, cancellationToken);
        var base64 = request.EncodingFormat == "base64";
        var data = vectors.Select((vector, index) => new EmbeddingItem("embedding", index,
            base64 ? Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan())) : vector)).ToList();
        // The embedding model's tokenizer is internal to it: usage is the usual estimate of four characters a token.
        var tokens = texts.Sum(t => (t.Length + 3) / 4);
        return TypedResults.Json(new EmbeddingList("list", data, LocalEmbedder.ModelName, new EmbeddingUsage(tokens, tokens)), OpenAiJson.Options);
    }

    public static async Task<IResult> ListModels(OllamaConnection ollama, CancellationToken cancellationToken)
    {
        var (models, problem) = await InstalledAsync(ollama, cancellationToken);
        return problem ?? TypedResults.Json(new ModelList("list", models!), OpenAiJson.Options);
    }

    public static async Task<IResult> GetModel(string id, OllamaConnection ollama, CancellationToken cancellationToken)
    {
        var (models, problem) = await InstalledAsync(ollama, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return models!.FirstOrDefault(m => m.Id == id || m.Id == $"{id}:latest") is { } model
            ? TypedResults.Json(model, OpenAiJson.Options)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such model",
                detail: $"The model '{id}' does not exist.", type: ProblemTypes.ModelNotFound);
    }

    /// <summary>Ollama's installed models (none when no Ollama is configured) and the local embedding model.</summary>
    private static async Task<(List<ModelEntry>? Models, IResult? Problem)> InstalledAsync(OllamaConnection ollama, CancellationToken cancellationToken)
    {
        List<ModelEntry> models = [new(LocalEmbedder.ModelName, "model", 0, "sutazai")];
        if (!ollama.IsConfigured)
        {
            return (models, null);
        }

        try
        {
            var installed = await ollama.Client.ListLocalModelsAsync(cancellationToken);
            models.InsertRange(0, installed.Select(m => new ModelEntry(m.Name, "model", new DateTimeOffset(m.ModifiedAt).ToUnixTimeSeconds(), "ollama")));
            return (models, null);
        }
        catch (Exception ex) when (UpstreamErrors.IsUnavailable(ex) || ex is HttpRequestException)
        {
            return (null, LlmProblems.Unavailable(UpstreamErrors.Describe(ex)));
        }
    }

    public sealed record EmbeddingsRequest(
        [property: JsonPropertyName("input")] JsonElement Input,
        [property: JsonPropertyName("model")] string? Model,
        [property: JsonPropertyName("encoding_format")] string? EncodingFormat,
        [property: JsonPropertyName("dimensions")] int? Dimensions,
        [property: JsonPropertyName("user")] string? User);

    public sealed record EmbeddingItem([property: JsonPropertyName("object")] string Kind, int Index, object Embedding);

    public sealed record EmbeddingList([property: JsonPropertyName("object")] string Kind, IReadOnlyList<EmbeddingItem> Data, string Model, EmbeddingUsage Usage);

    public sealed record EmbeddingUsage([property: JsonPropertyName("prompt_tokens")] long PromptTokens, [property: JsonPropertyName("total_tokens")] long TotalTokens);

    public sealed record ModelList([property: JsonPropertyName("object")] string Kind, IReadOnlyList<ModelEntry> Data);

    public sealed record ModelEntry(string Id, [property: JsonPropertyName("object")] string Kind, long Created, [property: JsonPropertyName("owned_by")] string OwnedBy);
}

using SutazAI.Contracts.Auth;
using SutazAI.Contracts.Models;
using SutazAI.Models.Embeddings;
using SutazAI.Models.Llm;

namespace SutazAI.Models.Apis;

public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/models", GetModels).WithTags("Models").WithName("ListModels").RequireScope(ApiScopes.Models, services: true)
            .WithSummary("Installed LLM models, whether the default is present, and the slot load")
            .Produces<ModelsView>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<IResult> GetModels(OllamaConnection ollama, SlotScheduler slots, Microsoft.Extensions.Options.IOptions<LlmOptions> options, CancellationToken cancellationToken)
    {
        IReadOnlyList<ModelInfo> models = [];
        string? reason = null;
        if (ollama.IsConfigured)
        {
            try
            {
                models = (await ollama.Client.ListLocalModelsAsync(cancellationToken))
                    .Select(m => new ModelInfo(m.Name, m.Size, m.ModifiedAt)).ToList();
            }
            catch (Exception ex) when (UpstreamErrors.IsUnavailable(ex) || ex is HttpRequestException)
            {
                reason = UpstreamErrors.Describe(ex);
            }
        }
        else
        {
            reason = OllamaConnection.NotConfigured;
        }

        var defaultModel = ollama.DefaultModel;
        var present = models.Any(m => m.Name == defaultModel || m.Name == $"{defaultModel}:latest");
        return TypedResults.Ok(new ModelsView(ollama.IsConfigured, reason is null, reason, defaultModel, present, models,
            LocalEmbedder.ModelName, options.Value.Slots, slots.InUse, slots.Waiting));
    }
}

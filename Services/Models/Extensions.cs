using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using SutazAI.Models.Embeddings;
using SutazAI.Models.Llm;

namespace SutazAI.Models;

internal static class Extensions
{
    public const string RedisName = "redis";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LlmOptions>()
            .Bind(builder.Configuration.GetSection(LlmOptions.Section))
            .PostConfigure(o => o.Budgets = LlmOptions.ReadBudgets(builder.Configuration.GetSection($"{LlmOptions.Section}:{nameof(LlmOptions.Budgets)}")))
            .Validate(o => o.Slots > 0 && o.DailyTokenBudget > 0, "Llm:Slots and Llm:DailyTokenBudget must be positive.")
            .Validate(o => o.Budgets.Values.All(tokens => tokens >= 0), "Every Llm:Budgets:<person> must be a whole number of tokens.")
            .ValidateOnStart();
        builder.AddOptionalRedis(RedisName);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new SlotScheduler(sp.GetRequiredService<IOptions<LlmOptions>>().Value.Slots, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<TokenBudgets>();
        builder.Services.AddSingleton<ResponseCache>();
        builder.Services.AddSingleton<LlmMetrics>();
        builder.Services.AddSingleton<LlmCalls>();
        builder.Services.AddSingleton<OllamaConnection>();
        builder.Services.AddOptions<EmbeddingOptions>()
            .Bind(builder.Configuration.GetSection(EmbeddingOptions.Section))
            .Validate(o => o.TokensPerRun is >= 512 and <= 65_536 && !string.IsNullOrWhiteSpace(o.ModelDirectory),
                "Embeddings:TokensPerRun must be 512-65536 and Embeddings:ModelDirectory a folder.")
            .ValidateOnStart();
        builder.Services.AddSingleton<LocalEmbedder>();
        builder.Services.AddTransient<OllamaErrorHandler>();
        builder.AddOllamaHttpClient();
        return builder;
    }

    /// <summary>
    /// Generation takes minutes, not the default 10 s: the standard handler is replaced by a long timeout,
    /// retries on connection failures only (a generation is not safe to repeat once Ollama accepted it) and a
    /// circuit breaker that fails fast while Ollama is down.
    /// </summary>
    private static void AddOllamaHttpClient(this IHostApplicationBuilder builder)
    {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: replacing the standard handler for this one client is the point.
        var ollama = builder.Services.AddHttpClient(OllamaConnection.HttpClientName, (sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
                if (options.IsConfigured)
                {
                    client.BaseAddress = new Uri(options.Endpoint);
                }

                client.Timeout = options.RequestTimeout;
            })
            .RemoveAllResilienceHandlers();
        ollama.AddResilienceHandler("ollama", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<LlmOptions>>().Value;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    Delay = TimeSpan.FromMilliseconds(200),
                    BackoffType = DelayBackoffType.Exponential,
                    ShouldHandle = args => ValueTask.FromResult(!args.Context.CancellationToken.IsCancellationRequested
                        && args.Outcome.Exception is { } ex && UpstreamErrors.IsConnectionFailure(ex)),
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 2,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = options.BreakDuration,
                    // A caller that went away (cancelled, timed out on its side) says nothing about Ollama's health.
                    ShouldHandle = args => ValueTask.FromResult(!args.Context.CancellationToken.IsCancellationRequested && (
                        (args.Outcome.Exception is { } ex && UpstreamErrors.IsConnectionFailure(ex))
                        || args.Outcome.Exception is OllamaErrorException { StatusCode: >= HttpStatusCode.InternalServerError }
                        || (int?)args.Outcome.Result?.StatusCode >= 500)),
                });
            });

        // Inside the resilience handler, so the breaker sees Ollama's errors with their status.
        ollama.AddHttpMessageHandler<OllamaErrorHandler>();
#pragma warning restore EXTEXP0001
    }
}

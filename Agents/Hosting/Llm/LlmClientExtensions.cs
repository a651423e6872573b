using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OllamaSharp;
using Polly;

namespace SutazAI.Agents.Hosting.Llm;

public static class LlmClientExtensions
{
    public const string HttpClientName = "models";

    /// <summary>
    /// An <see cref="IChatClient"/> (OllamaSharp) on the <c>models</c> service. Generation takes minutes, so the
    /// standard 10 s handler is replaced by a long timeout and retries on connection failures only; a 503
    /// (no LLM) comes back at once so the task fails fast.
    /// </summary>
    public static IHostApplicationBuilder AddLlmClient(this IHostApplicationBuilder builder)
    {
        var timeout = builder.Configuration.GetValue("Llm:RequestTimeout", TimeSpan.FromMinutes(10));
        builder.Services.AddTransient<TaskOriginHandler>();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: this client needs its own policy.
        builder.Services.AddHttpClient(HttpClientName, client =>
            {
                client.BaseAddress = new Uri(builder.Configuration["Llm:ModelsUrl"] ?? "http://models");
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllResilienceHandlers()
            .AddHttpMessageHandler<TaskOriginHandler>()
            .AddInternalToken()
            .AddResilienceHandler("llm", pipeline => pipeline
                .AddTimeout(timeout)
                .AddRetry(new Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    Delay = TimeSpan.FromMilliseconds(200),
                    BackoffType = DelayBackoffType.Exponential,
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException { StatusCode: null }),
                }));
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<IChatClient>(sp =>
            new OllamaApiClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), builder.Configuration["Llm:Model"] ?? ""));
        return builder;
    }
}

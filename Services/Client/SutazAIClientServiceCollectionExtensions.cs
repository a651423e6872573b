using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using SutazAI.Client.Authentication;

namespace SutazAI.Client;

public static class SutazAIClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SutazAIClient"/> as a typed client of <c>IHttpClientFactory</c>: credentials on every
    /// request (one token session for the application), and the standard resilience handler, which retries only
    /// requests that are safe to repeat (reads; a task submission carries an <c>Idempotency-Key</c> instead).
    /// Returns the builder, to add handlers or change the resilience settings.
    /// </summary>
    public static IHttpClientBuilder AddSutazAIClient(this IServiceCollection services, Action<SutazAIClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SutazAIClientOptions();
        configure(options);
        var session = new TokenSession(options);
        services.AddSingleton(options);
        services.AddSingleton(session);
        services.AddTransient<CredentialsHandler>();
        var builder = services.AddHttpClient<SutazAIClient>(http => http.BaseAddress = options.RequireBaseAddress())
            .AddHttpMessageHandler<CredentialsHandler>();
        builder.AddStandardResilienceHandler(resilience => resilience.Retry.DisableForUnsafeHttpMethods());
        return builder;
    }
}

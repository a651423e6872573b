using System.Diagnostics;
using SutazAI.Gateway.Apis;
using SutazAI.Gateway.Observability;
using SutazAI.Gateway.Security;

namespace SutazAI.Gateway;

internal static class Extensions
{
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>()
            .Bind(builder.Configuration.GetSection(ApiKeyOptions.Section))
            .Validate(options => options.BootstrapKey.Length >= ApiKeyOptions.MinimumLength,
                $"Gateway:BootstrapKey must be set (at least {ApiKeyOptions.MinimumLength} characters); run ./run.sh or set SUTAZAI_API_KEY.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyValidator>();

        // Continue a caller's trace from X-Correlation-Id when it sends no traceparent.
        builder.Services.AddSingleton<DistributedContextPropagator>(new CorrelationId.Propagator(DistributedContextPropagator.CreateDefaultPropagator()));
        builder.Services.AddHttpClient(StatusApi.HttpClientName);

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }

    /// <summary>Order matters: oversized bodies and missing keys are refused before anything is proxied.</summary>
    public static WebApplication UseGatewayGuards(this WebApplication app)
    {
        app.UseCorrelationId();
        app.UseMiddleware<RequestSizeGuard>();
        app.UseMiddleware<ApiKeyAuthentication>();
        return app;
    }
}

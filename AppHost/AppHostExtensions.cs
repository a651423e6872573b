using Microsoft.Extensions.Configuration;
using SutazAI.AppHost.Infrastructure;

namespace SutazAI.AppHost;

internal static class AppHostExtensions
{
    /// <summary>
    /// The platform's admin key, a secret parameter. <c>SUTAZAI_API_KEY</c> feeds it (run.sh generates and keeps one
    /// when it is unset); it is never a literal anywhere.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddBootstrapApiKey(this IDistributedApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["Parameters:api-key"]) && builder.Configuration["SUTAZAI_API_KEY"] is { Length: > 0 } key)
        {
            builder.Configuration["Parameters:api-key"] = key;
        }

        return builder.AddParameter("api-key", secret: true);
    }

    /// <summary>The gateway's public port: 8080 in a dev run, random when <c>Gateway:Port</c> is 0 (tests).</summary>
    public static int? GatewayPort(this IDistributedApplicationBuilder builder)
    {
        var port = builder.Configuration.GetValue<int?>("Gateway:Port") ?? 8080;
        return port == 0 ? null : port;
    }

    /// <summary>
    /// An agent worker (<c>agent-{name}</c>) on the bus. <c>Agents:{name}:MaxConcurrency</c> overrides how many tasks
    /// one instance runs at once (and so its prefetch).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddAgent<TProject>(this IDistributedApplicationBuilder builder, string name, PlatformInfrastructure infrastructure)
        where TProject : IProjectMetadata, new()
    {
        var agent = builder.AddProject<TProject>($"agent-{name}")
            .WithHttpEndpoint()
            .WithHttpHealthCheck("/health")
            .WithInfrastructure(infrastructure, rabbitmq: true);
        if (builder.Configuration[$"Agents:{name}:MaxConcurrency"] is { Length: > 0 } concurrency)
        {
            agent.WithEnvironment("Agent__MaxConcurrency", concurrency);
        }

        return agent;
    }
}

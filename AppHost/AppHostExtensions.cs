using Microsoft.Extensions.Configuration;
using SutazAI.AppHost.Infrastructure;

namespace SutazAI.AppHost;

internal static class AppHostExtensions
{
    /// <summary>
    /// Stops a start whose content root (its working directory when run as a program) is not the AppHost's folder: the
    /// host would read no appsettings.json and run every service without its runtime settings, silently.
    /// </summary>
    public static IDistributedApplicationBuilder RequireOwnSettings(this IDistributedApplicationBuilder builder)
    {
        var settings = Path.Combine(builder.Environment.ContentRootPath, "appsettings.json");
        return File.Exists(settings)
            ? builder
            : throw new DistributedApplicationException(
                $"The AppHost's settings are not at {settings}: start it from {builder.AppHostDirectory} (./run.sh does) or with dotnet run --project AppHost.");
    }

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

    /// <summary>
    /// A secret parameter the platform makes up itself (signing keys): taken from configuration when given,
    /// otherwise generated on first use and kept beside the run's data (mode 600). A published manifest only names it.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, string name, Func<string>? generate = null)
    {
        if (string.IsNullOrEmpty(builder.Configuration[$"Parameters:{name}"]) && !builder.ExecutionContext.IsPublishMode)
        {
            builder.Configuration[$"Parameters:{name}"] = LocalSecrets.GetOrCreate(PlatformInfrastructureExtensions.DataRoot(builder), name, generate);
        }

        return builder.AddParameter(name, secret: true);
    }

    /// <summary>
    /// The one public door: <c>gatewaydb</c> for users and keys, Redis for shared rate limits, the JWT signing
    /// key, <c>Gateway:Auth|RateLimits|Cors|Tls</c> settings, and an HTTPS endpoint when a certificate is configured.
    /// </summary>
    public static IResourceBuilder<ServiceProgramResource> AddGateway<TProject>(
        this IDistributedApplicationBuilder builder, PlatformServices platform, IResourceBuilder<ParameterResource> bootstrapKey)
        where TProject : IProjectMetadata, new()
    {
        var gateway = builder.AddSutazAIService<TProject>("gateway", platform, port: builder.GatewayPort())
            .WithExternalHttpEndpoints()
            .WithInternalEndpoint()
            .WithInfrastructure(platform.Infrastructure, database: "gatewaydb", redis: true)
            .WithEnvironment("Internal__CallerSigningKey", platform.CallerSigningKey)
            .WithEnvironment("Gateway__BootstrapKey", bootstrapKey)
            .WithEnvironment("Gateway__Auth__SigningKey", builder.AddGeneratedSecret("jwt-signing-key"));
        foreach (var section in (string[])["Auth", "RateLimits", "Cors"])
        {
            gateway.WithSettings($"Gateway:{section}", $"Gateway__{section}");
        }

        var certificate = builder.Configuration["Parameters:gateway-tls-cert"] ?? builder.Configuration["Gateway:Tls:CertificatePath"];
        if (!string.IsNullOrEmpty(certificate))
        {
            var key = builder.Configuration["Parameters:gateway-tls-key"] ?? builder.Configuration["Gateway:Tls:KeyPath"] ?? "";
            // Public like the HTTP port (marked after the fact: WithExternalHttpEndpoints only marks endpoints that exist).
            gateway.WithServiceEndpoint("https", "https", builder.Configuration.GetValue<int?>("Gateway:HttpsPort") ?? 8443)
                .WithEndpoint("https", endpoint => endpoint.IsExternal = true)
                .WithEnvironment("Gateway__Tls__CertificatePath", builder.AddParameter("gateway-tls-cert", certificate))
                .WithEnvironment("Gateway__Tls__KeyPath", builder.AddParameter("gateway-tls-key", key));
        }

        return gateway;
    }

    /// <summary>The gateway's public port: 8080 in a dev run, random when <c>Gateway:Port</c> is 0 (tests).</summary>
    public static int? GatewayPort(this IDistributedApplicationBuilder builder)
    {
        var port = builder.Configuration.GetValue<int?>("Gateway:Port") ?? 8080;
        return port == 0 ? null : port;
    }

    /// <summary>
    /// An agent worker (<c>agent-{name}</c>) on the bus. The AppHost's <c>Agents:{name}</c> section becomes the agent's
    /// <c>Agent</c> section: <c>MaxConcurrency</c>, <c>Timeouts:{capability}</c>, <c>RetryLimit</c>, <c>ShutdownGrace</c>...
    /// </summary>
    public static IResourceBuilder<ServiceProgramResource> AddAgent<TProject>(
        this IDistributedApplicationBuilder builder, string name, PlatformServices platform, string? database = null)
        where TProject : IProjectMetadata, new()
    {
        var agent = builder.AddSutazAIService<TProject>($"agent-{name}", platform)
            .WithInfrastructure(platform.Infrastructure, database: database, rabbitmq: true);
        return agent.WithSettings($"Agents:{name}", environmentSection: "Agent");
    }

    /// <summary>
    /// The LLM service. Its Ollama endpoint and default model are the parameters <c>ollama-endpoint</c> and
    /// <c>ollama-model</c> (fed by <c>OLLAMA_ENDPOINT</c> / <c>OLLAMA_MODEL</c>); with containers and no endpoint
    /// Ollama runs as a container with a persistent volume; with neither, LLM calls answer 503. <c>Llm:*</c>
    /// settings (slots, budgets...) pass through.
    /// </summary>
    public static IResourceBuilder<ServiceProgramResource> AddModelsService<TProject>(this IDistributedApplicationBuilder builder, PlatformServices platform)
        where TProject : IProjectMetadata, new()
    {
        var infrastructure = platform.Infrastructure;
        var configuredEndpoint = builder.Configuration["Parameters:ollama-endpoint"] ?? builder.Configuration["OLLAMA_ENDPOINT"] ?? "";
        var model = builder.AddParameter("ollama-model", builder.Configuration["Parameters:ollama-model"] ?? builder.Configuration["OLLAMA_MODEL"] ?? "llama3.2");
        var models = builder.AddSutazAIService<TProject>("models", platform)
            .WithInfrastructure(infrastructure, redis: true)
            .WithEnvironment("Llm__DefaultModel", model);

        if (configuredEndpoint.Length == 0 && infrastructure.Mode == InfrastructureMode.Containers)
        {
            var ollama = builder.AddContainer("ollama", "ollama/ollama")
                .WithVolume("sutazai-ollama", "/root/.ollama")
                .WithHttpEndpoint(targetPort: 11434, name: "http");
            models.WithEnvironment("Llm__Endpoint", ollama.GetEndpoint("http")).WaitFor(ollama);
        }
        else
        {
            models.WithEnvironment("Llm__Endpoint", builder.AddParameter("ollama-endpoint", configuredEndpoint));
        }

        return models.WithSettings("Llm");
    }

    /// <summary>
    /// The knowledge service (<c>knowledge</c>, database <c>knowledgedb</c>), which is also the worker of its own
    /// <c>knowledge.ingest</c> tasks (queue <c>agent-knowledge</c>, settings <c>Agents:knowledge</c>).
    /// </summary>
    public static IResourceBuilder<ServiceProgramResource> AddKnowledgeService<TProject>(this IDistributedApplicationBuilder builder, PlatformServices platform)
        where TProject : IProjectMetadata, new() =>
        builder.AddSutazAIService<TProject>("knowledge", platform)
            .WithInfrastructure(platform.Infrastructure, database: "knowledgedb", rabbitmq: true)
            .WithEnvironment("Knowledge__MaxUploadBytes", MaxUploadBytes(builder).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithSettings("Knowledge")
            .WithSettings("Agents:knowledge", environmentSection: "Agent");

    /// <summary>The gateway lets document uploads carry as much as the knowledge service accepts.</summary>
    public static IResourceBuilder<ServiceProgramResource> WithUploadLimit(this IResourceBuilder<ServiceProgramResource> gateway) =>
        gateway.WithEnvironment("Gateway__Uploads__MaxDocumentBytes", MaxUploadBytes(gateway.ApplicationBuilder).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static long MaxUploadBytes(IDistributedApplicationBuilder builder) =>
        builder.Configuration.GetValue("Knowledge:MaxUploadBytes", 50L * 1024 * 1024);

    /// <summary>Passes the AppHost's configuration sections (e.g. <c>Llm</c>, <c>Assignment</c>) to a service as environment variables.</summary>
    public static IResourceBuilder<ServiceProgramResource> WithSettings(this IResourceBuilder<ServiceProgramResource> project, params string[] sections)
    {
        foreach (var section in sections)
        {
            project.WithSettings(section, section);
        }

        return project;
    }

    /// <summary>Passes one configuration section to a service under another name (<paramref name="environmentSection"/>).</summary>
    public static IResourceBuilder<ServiceProgramResource> WithSettings(this IResourceBuilder<ServiceProgramResource> project, string section, string environmentSection)
    {
        foreach (var (key, value) in project.ApplicationBuilder.Configuration.GetSection(section).AsEnumerable(makePathsRelative: true))
        {
            if (value is not null)
            {
                project.WithEnvironment($"{environmentSection}__{key.Replace(":", "__", StringComparison.Ordinal)}", value);
            }
        }

        return project;
    }

    /// <summary>
    /// A second, never-external endpoint (<c>internal</c>) for what only operators and Prometheus should reach,
    /// e.g. the gateway's <c>/metrics</c>; the service learns its port as <c>Telemetry:InternalPort</c> (ServiceInfo.InternalPortSetting).
    /// </summary>
    public static IResourceBuilder<ServiceProgramResource> WithInternalEndpoint(this IResourceBuilder<ServiceProgramResource> project)
    {
        project.WithServiceEndpoint("http", "internal");
        return project.WithEnvironment("Telemetry__InternalPort", project.GetEndpoint("internal").Property(EndpointProperty.TargetPort));
    }
}

using MassTransit;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;
using SutazAI.Contracts.Integration;
using SutazAI.Orchestrator.Assignment;
using SutazAI.Orchestrator.BusClients;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.DeadLetters;
using SutazAI.Orchestrator.Idempotency;
using SutazAI.Orchestrator.Mcp;
using SutazAI.Orchestrator.Observability;
using SutazAI.Orchestrator.Outbox;
using SutazAI.Orchestrator.Registry;
using SutazAI.Orchestrator.Retention;
using SutazAI.Orchestrator.Routing;
using SutazAI.Orchestrator.Streams;
using SutazAI.Orchestrator.Tasks;
using SutazAI.Orchestrator.Workflows;

namespace SutazAI.Orchestrator;

internal static class Extensions
{
    public const string DatabaseName = "orchestratordb";
    public const string RedisName = "redis";
    public const string QueueName = "orchestrator";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Explicit transactions (outbox, relay) do not mix with a retrying execution strategy. Every commit that
        // carries outbox rows wakes the relay (OutboxWakeUp), whichever code path wrote them.
        // Every change to a workflow gets a new version its event streams hear of (WorkflowVersions). Both wait for
        // the commit, so AfterCommit's interceptor comes last.
        builder.AddNpgsqlDbContext<OrchestratorDbContext>(DatabaseName, settings => settings.DisableRetry = true);
        builder.Services.ConfigureDbContext<OrchestratorDbContext>((services, options) => options.AddInterceptors(
            services.GetRequiredService<OutboxWakeUp>(), services.GetRequiredService<WorkflowVersions>(), new AfterCommit.Interceptor()));
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxWakeUp>();
        builder.Services.AddSingleton<WorkflowVersions>();
        builder.AddOptionalRedis(RedisName);
        builder.Services.AddSingleton<RedisFanOut>();
        builder.Services.AddSingleton<WorkflowEvents>();
        builder.Services.AddSingleton<StreamLeases>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StreamLeases>());
        builder.Services.AddScoped<TaskStream>();
        builder.Services.AddScoped<WorkflowStream>();
        builder.Services.AddOptions<StreamOptions>().BindConfiguration(StreamOptions.Section);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CapabilityCatalog>();
        builder.Services.AddSingleton<TaskEvents>();
        builder.Services.AddScoped<TaskSubmission>();
        builder.Services.AddScoped<TaskLifecycle>();
        builder.Services.AddScoped<TaskDispatcher>();
        builder.Services.AddScoped<DeadLetterRedrive>();
        builder.Services.AddScoped<WorkflowValidator>();
        builder.Services.AddScoped<IdempotencyContext>();
        builder.Services.AddSingleton<AgentRegistry>();
        builder.Services.AddSingleton<SkillAnnouncements>();
        builder.Services.AddSingleton<AssignmentStrategies>();
        builder.Services.AddSingleton<CapabilityRouter>();
        builder.Services.AddSingleton<LlmRouteChooser>();
        builder.Services.AddHttpClient(CapabilityRouter.HttpClientName, client => client.BaseAddress = new Uri("http://models")).AddInternalToken();
        builder.Services.AddScoped<WorkflowEngine>();
        builder.Services.AddScoped<ITaskObserver>(services => services.GetRequiredService<WorkflowEngine>());
        builder.Services.AddScoped<ITaskObserver, BusTaskEvents>();
        builder.Services.AddScoped<WorkflowCancellation>();
        builder.Services.AddOptions<AssignmentOptions>().BindConfiguration(AssignmentOptions.Section);
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section);
        builder.Services.AddScoped<IUndeliverableMessages, DispatchFailures>();
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.AddHostedService<RetentionCleanup>();
        builder.Services.AddHostedService<BacklogSampler>();
        builder.Services.AddScoped<GoalSubmission>();
        builder.AddMcpServer();

        builder.Services.AddOptions<BusClientOptions>().BindConfiguration(BusClientOptions.Section)
            .Validate(options => options.Invalid() is null, "Bus:Clients is invalid: client names are lower-case words, scopes are API scopes.")
            .ValidateOnStart();
        builder.AddMessageBus(
            bus =>
            {
                bus.AddConsumer<TaskOutcomeConsumer>();
                bus.AddConsumer<AgentHeartbeatConsumer>();
                bus.AddConsumer<DeadLetterConsumer>();
                bus.AddConsumer<SubmitTaskConsumer>();
            },
            (context, rabbit) =>
            {
                rabbit.ReceiveEndpoint(QueueName, endpoint =>
                {
                    endpoint.PrefetchCount = 64;
                    // Outcomes must not be lost to a database restart: keep retrying for about three minutes.
                    endpoint.UseExponentialRetry(12, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));
                    endpoint.ConfigureConsumer<TaskOutcomeConsumer>(context);
                    endpoint.ConfigureConsumer<AgentHeartbeatConsumer>(context);
                    endpoint.ConfigureConsumer<DeadLetterConsumer>(context);
                });
                foreach (var client in context.GetRequiredService<IOptions<BusClientOptions>>().Value.Clients.Keys)
                {
                    rabbit.AddBusClientEndpoint(context, client);
                }
            });
        return builder;
    }

    /// <summary>
    /// A bus client's submit queue behind its own exchange (<see cref="BusTopology.SubmitExchange"/>), bound to nothing
    /// else: a command reaches it only through the exchange only that client may write to.
    /// </summary>
    private static void AddBusClientEndpoint(this IRabbitMqBusFactoryConfigurator rabbit, IBusRegistrationContext context, string client) =>
        rabbit.ReceiveEndpoint(BusTopology.SubmitExchange(client), endpoint =>
        {
            endpoint.ConfigureConsumeTopology = false;
            endpoint.PrefetchCount = 16;
            // A database restart should not turn commands into rejections: retry for about a minute.
            endpoint.UseExponentialRetry(8, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(15));
            endpoint.ConfigureConsumer<SubmitTaskConsumer>(context);
        });

    /// <summary>
    /// The MCP server (streamable HTTP, mapped at <c>/mcp</c>): the capabilities as tools, tasks and workflows as
    /// resources. Sessions are kept (stateful), because telling clients that the tool list changed needs one.
    /// </summary>
    private static void AddMcpServer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<McpTools>();
        builder.Services.AddSingleton<McpSessions>();
        builder.Services.AddHostedService(services => services.GetRequiredService<McpSessions>());
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<McpToolCalls>();
        builder.Services.AddScoped<McpResources>();
        builder.Services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "sutazai", Version = ServiceInfo.Version };
                options.Capabilities = new ServerCapabilities
                {
                    Tools = new ToolsCapability { ListChanged = true },
                    Resources = new ResourcesCapability(),
                };
            })
            .WithHttpTransport(options =>
            {
                options.SessionMode = HttpServerSessionMode.Stateful;
#pragma warning disable MCPEXP002 // The one hook that sees each session's server for its whole life: list-changed notifications need it.
                options.RunSessionHandler = (http, server, cancellationToken) => http.RequestServices.GetRequiredService<McpSessions>().RunAsync(server, cancellationToken);
#pragma warning restore MCPEXP002
            })
            .WithListToolsHandler(async (context, cancellationToken) =>
                new ListToolsResult { Tools = [.. await context.Services!.GetRequiredService<McpTools>().ForAsync(context.User!, cancellationToken)] })
            .WithCallToolHandler((context, cancellationToken) => context.Services!.GetRequiredService<McpToolCalls>().CallAsync(context, cancellationToken))
            .WithListResourceTemplatesHandler((_, _) => ValueTask.FromResult(new ListResourceTemplatesResult { ResourceTemplates = [.. McpResources.Templates] }))
            .WithListResourcesHandler((context, cancellationToken) => context.Services!.GetRequiredService<McpResources>().ListAsync(context, cancellationToken))
            .WithReadResourceHandler((context, cancellationToken) => context.Services!.GetRequiredService<McpResources>().ReadAsync(context, cancellationToken));
    }
}

using MassTransit;
using SutazAI.Orchestrator.Assignment;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Idempotency;
using SutazAI.Orchestrator.Outbox;
using SutazAI.Orchestrator.Registry;
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
        // Explicit transactions (outbox, relay) do not mix with a retrying execution strategy.
        builder.AddNpgsqlDbContext<OrchestratorDbContext>(DatabaseName, settings => settings.DisableRetry = true);
        builder.AddRedisClient(RedisName, configureOptions: options => options.AbortOnConnectFail = false);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CapabilityCatalog>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<TaskEvents>();
        builder.Services.AddScoped<TaskSubmission>();
        builder.Services.AddScoped<TaskCancellation>();
        builder.Services.AddScoped<WorkflowValidator>();
        builder.Services.AddScoped<IdempotentRequests>();
        builder.Services.AddSingleton<AgentRegistry>();
        builder.Services.AddSingleton<AssignmentStrategies>();
        builder.Services.AddSingleton<CapabilityRouter>();
        builder.Services.AddHttpClient(CapabilityRouter.HttpClientName, client => client.BaseAddress = new Uri("http://models"));
        builder.Services.AddScoped<WorkflowEngine>();
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.AddHostedService<IdempotencyKeyCleanup>();

        builder.AddMessageBus(
            bus =>
            {
                bus.AddConsumer<TaskOutcomeConsumer>();
                bus.AddConsumer<AgentHeartbeatConsumer>();
            },
            (context, rabbit) => rabbit.ReceiveEndpoint(QueueName, endpoint =>
            {
                endpoint.PrefetchCount = 64;
                endpoint.ConfigureConsumer<TaskOutcomeConsumer>(context);
                endpoint.ConfigureConsumer<AgentHeartbeatConsumer>(context);
            }));
        return builder;
    }
}

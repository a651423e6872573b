using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SutazAI.Agents.Hosting.Execution;
using SutazAI.Agents.Hosting.Skills;
using SutazAI.Contracts;

namespace SutazAI.Agents.Hosting;

/// <summary>Turns a web host into an agent worker: its queue, its skills, cancellation and heartbeats.</summary>
public static class AgentHostExtensions
{
    /// <summary>
    /// Wires the agent named <paramref name="agentName"/>: a consumer on <c>agent-{name}</c> (a priority
    /// queue, prefetch equal to the concurrency so priorities are honoured), a per-instance queue for
    /// <c>CancelTask</c>, and the heartbeat.
    /// </summary>
    public static IHostApplicationBuilder AddAgentHost(this IHostApplicationBuilder builder, string agentName)
    {
        builder.Services.AddOptions<AgentOptions>()
            .Bind(builder.Configuration.GetSection("Agent"))
            .Configure(options => options.Name = agentName)
            .Validate(options => options.MaxConcurrency > 0 && options.HeartbeatIntervalSeconds > 0, "Agent limits must be positive.");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SkillRegistry>();
        builder.Services.AddSingleton<RunningTasks>();
        builder.Services.AddSingleton<AgentStatistics>();
        builder.Services.AddHostedService<HeartbeatPublisher>();

        var concurrency = builder.Configuration.GetValue<int?>("Agent:MaxConcurrency") ?? new AgentOptions().MaxConcurrency;
        builder.AddMessageBus(
            bus =>
            {
                bus.AddConsumer<ExecuteTaskConsumer>();
                bus.AddConsumer<CancelTaskConsumer>();
            },
            (context, rabbit) =>
            {
                rabbit.ReceiveEndpoint(AgentQueues.For(agentName), endpoint =>
                {
                    // Tasks are sent to this queue by name; binding the ExecuteTask exchange would give every agent every task.
                    endpoint.ConfigureConsumeTopology = false;
                    endpoint.EnablePriority(AgentQueues.MaxPriority);
                    endpoint.PrefetchCount = concurrency;
                    endpoint.ConcurrentMessageLimit = concurrency;
                    endpoint.ConfigureConsumer<ExecuteTaskConsumer>(context);
                });
                rabbit.ReceiveEndpoint(new TemporaryEndpointDefinition($"{agentName}-cancel"), endpoint =>
                    endpoint.ConfigureConsumer<CancelTaskConsumer>(context));
            });
        return builder;
    }

    /// <summary>Registers a skill; its capability must be unique within the agent.</summary>
    public static IHostApplicationBuilder AddSkill<TSkill>(this IHostApplicationBuilder builder) where TSkill : class, ISkill
    {
        builder.Services.AddSingleton<ISkill, TSkill>();
        return builder;
    }
}

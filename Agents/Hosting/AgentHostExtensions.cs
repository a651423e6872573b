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

        var settings = builder.Configuration.GetSection("Agent").Get<AgentOptions>() ?? new AgentOptions();
        // SIGTERM: stop taking tasks, let running ones finish for the grace period, then cancel them (they are
        // handed back) and give the host the rest of its 30 s to stop.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = settings.ShutdownGrace + TimeSpan.FromSeconds(10));
        builder.Services.Configure<MassTransitHostOptions>(bus =>
        {
            bus.ConsumerStopTimeout = settings.ShutdownGrace;
            bus.StopTimeout = settings.ShutdownGrace + TimeSpan.FromSeconds(5);
        });
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
                    endpoint.PrefetchCount = settings.MaxConcurrency;
                    endpoint.ConcurrentMessageLimit = settings.MaxConcurrency;
                    endpoint.UseExponentialRetry(settings.RetryLimit, settings.RetryMinInterval, settings.RetryMaxInterval);
                    // The Fault published after the last retry carries the task to the orchestrator, which keeps it
                    // as a dead letter; an _error queue nobody drains would only grow.
                    endpoint.DiscardFaultedMessages();
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

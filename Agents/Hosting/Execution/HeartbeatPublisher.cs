using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SutazAI.Agents.Hosting.Skills;
using SutazAI.Contracts.Messages;

namespace SutazAI.Agents.Hosting.Execution;

/// <summary>Announces this instance, its skills and its load every few seconds.</summary>
public sealed partial class HeartbeatPublisher(
    IBus bus,
    SkillRegistry skills,
    RunningTasks running,
    AgentStatistics statistics,
    IOptions<AgentOptions> options,
    TimeProvider clock,
    ILogger<HeartbeatPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var agent = options.Value;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(agent.HeartbeatIntervalSeconds), clock);
        do
        {
            // A beat that cannot be delivered within one interval is stale anyway; the next one replaces it.
            using var beat = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            beat.CancelAfter(TimeSpan.FromSeconds(agent.HeartbeatIntervalSeconds));
            try
            {
                var (completed, failed, latency) = statistics.Snapshot();
                await bus.Publish(new AgentHeartbeat(agent.Name, agent.InstanceId, skills.Descriptors, running.Count,
                    agent.MaxConcurrency, completed, failed, latency, agent.HeartbeatIntervalSeconds, clock.GetUtcNow()), beat.Token);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The broker may be away; the next beat tries again.
                LogHeartbeatFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat not published: {Reason}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string reason);
}

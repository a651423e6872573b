using Microsoft.EntityFrameworkCore;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Idempotency;
using SutazAI.Orchestrator.Registry;

namespace SutazAI.Orchestrator.Retention;

/// <summary>
/// Forgets rows once they outlive their retention: stored first answers after <see cref="IdempotencyFilter.Retention"/>,
/// agent instances silent for longer than <see cref="AgentHealth.Remembered"/> (readers already skip both).
/// </summary>
public sealed partial class RetentionCleanup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RetentionCleanup> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
                var (keys, instances) = await RemoveExpiredAsync(db, clock.GetUtcNow(), stoppingToken);
                LogRemoved(logger, keys, instances);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex.Message);
            }
        }
    }

    /// <summary>Deletes what has outlived its retention at <paramref name="now"/>; says how many keys and instances went.</summary>
    public static async Task<(int Keys, int Instances)> RemoveExpiredAsync(OrchestratorDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = now - IdempotencyFilter.Retention;
        var keys = await db.IdempotencyKeys.Where(r => r.CreatedAt <= expired).ExecuteDeleteAsync(cancellationToken);
        var instances = await db.AgentInstances.ForgottenAt(now).ExecuteDeleteAsync(cancellationToken);
        return (keys, instances);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Removed {Keys} expired idempotency key(s) and {Instances} long-gone agent instance(s)")]
    private static partial void LogRemoved(ILogger logger, int keys, int instances);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention cleanup failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}

using Microsoft.EntityFrameworkCore;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Idempotency;

/// <summary>Forgets stored first answers once they are older than the 24-hour retention.</summary>
public sealed partial class IdempotencyKeyCleanup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IdempotencyKeyCleanup> logger) : BackgroundService
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
                var cutoff = clock.GetUtcNow() - IdempotencyFilter.Retention;
                var removed = await db.IdempotencyKeys.Where(r => r.CreatedAt <= cutoff).ExecuteDeleteAsync(stoppingToken);
                LogRemoved(logger, removed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Removed {Count} expired idempotency key(s)")]
    private static partial void LogRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency key cleanup failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}

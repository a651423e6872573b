using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>Applies a service's EF Core migrations before it takes traffic (creating its database if needed).</summary>
public static partial class DatabaseMigrations
{
    public static async Task MigrateDatabaseAsync<TContext>(this WebApplication app) where TContext : DbContext
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
                LogMigrating(logger, typeof(TContext).Name, pending.Count, attempt);
                await db.Database.MigrateAsync();
                return;
            }
            catch (Exception ex) when (attempt < 30 && ex is DbException or TimeoutException or InvalidOperationException)
            {
                // PostgreSQL may still be starting.
                LogMigrationRetry(logger, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Context}: applying {Count} pending migration(s) (attempt {Attempt})")]
    private static partial void LogMigrating(ILogger logger, string context, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database not ready (attempt {Attempt}): {Reason}")]
    private static partial void LogMigrationRetry(ILogger logger, int attempt, string reason);
}

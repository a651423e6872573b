using MassTransit;
using Microsoft.EntityFrameworkCore;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Outbox;
using SutazAI.Orchestrator.Registry;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator;

internal static partial class Extensions
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
        builder.Services.AddHostedService<OutboxRelay>();

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

    /// <summary>Applies pending EF Core migrations before the service takes traffic, retrying while PostgreSQL starts.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
                var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
                LogMigrating(logger, pending.Count, attempt);
                await db.Database.MigrateAsync();
                return;
            }
            catch (Exception ex) when (attempt < 30 && ex is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogMigrationRetry(logger, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} pending migration(s) (attempt {Attempt})")]
    private static partial void LogMigrating(ILogger logger, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database not ready (attempt {Attempt}): {Reason}")]
    private static partial void LogMigrationRetry(ILogger logger, int attempt, string reason);
}

using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>
/// Writes one line each time a resource's state or health changes (<c>16.0 s: resource gateway: Running, Healthy</c>,
/// timed from the AppHost's process start), so run.sh can name the resource that kept the platform from coming up
/// instead of only saying it did not, and a slow start shows which resource it waited for.
/// </summary>
internal sealed partial class ResourceStateLog(ResourceNotificationService notifications, ILogger<ResourceStateLog> logger)
    : BackgroundService, IHostedLifecycleService
{
    // Watching begins in the host's starting phase, before any hosted service starts a resource, so the log has every
    // state from the first; as a plain hosted service it began only once the AppHost's own had started them all.
    public Task StartingAsync(CancellationToken cancellationToken) => base.StartAsync(cancellationToken);

    public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTime started;
        using (var self = Process.GetCurrentProcess())
        {
            started = self.StartTime.ToUniversalTime();
        }

        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                var state = change.Snapshot.State?.Text;
                if (string.IsNullOrEmpty(state))
                {
                    continue;
                }

                var health = change.Snapshot.HealthStatus?.ToString() ?? "no health report";
                var line = change.Snapshot.ExitCode is { } exitCode ? $"{state} (exit code {exitCode}), {health}" : $"{state}, {health}";
                if (!last.TryGetValue(change.ResourceId, out var previous) || previous != line)
                {
                    last[change.ResourceId] = line;
                    LogState(logger, (DateTime.UtcNow - started).TotalSeconds, change.Resource.Name, line);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Seconds:F1} s: resource {Resource}: {State}")]
    private static partial void LogState(ILogger logger, double seconds, string resource, string state);
}

internal static class ResourceStateLogExtensions
{
    /// <summary>Logs every resource's state changes (see <see cref="ResourceStateLog"/>); not in publish mode.</summary>
    public static IDistributedApplicationBuilder AddResourceStateLog(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsPublishMode)
        {
            builder.Services.AddHostedService<ResourceStateLog>();
        }

        return builder;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>
/// Writes one line each time a resource's state or health changes (<c>resource gateway: Running, Healthy</c>), so
/// run.sh can name the resource that kept the platform from coming up instead of only saying it did not.
/// </summary>
internal sealed partial class ResourceStateLog(ResourceNotificationService notifications, ILogger<ResourceStateLog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
                    LogState(logger, change.Resource.Name, line);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "resource {Resource}: {State}")]
    private static partial void LogState(ILogger logger, string resource, string state);
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

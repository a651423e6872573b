using System.Collections.Concurrent;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace SutazAI.Orchestrator.Mcp;

/// <summary>
/// The MCP sessions connected to this replica, told <c>notifications/tools/list_changed</c> when the capabilities
/// healthy agents offer change (an agent came or went), so clients list their tools again. With no session connected it
/// reads nothing.
/// </summary>
public sealed partial class McpSessions(McpTools tools, ILogger<McpSessions> logger) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<McpServer, byte> _live = new();

    /// <summary>Runs one session until it ends, known to the notifier meanwhile.</summary>
    public async Task RunAsync(McpServer server, CancellationToken cancellationToken)
    {
        _live[server] = 0;
        try
        {
            await server.RunAsync(cancellationToken);
        }
        finally
        {
            _live.TryRemove(server, out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? known = null;
        using var timer = new PeriodicTimer(CheckEvery);
        do
        {
            if (_live.IsEmpty)
            {
                // Nobody to tell. What was known stays: a change seen once a session joins is told at worst once too often.
                continue;
            }

            try
            {
                var offered = string.Join(' ', (await tools.OfferedAsync(stoppingToken)).Select(e => e.Name));
                if (known is not null && offered != known)
                {
                    LogChanged(logger, _live.Count, offered);
                    await Task.WhenAll(_live.Keys.Select(server => NotifyAsync(server, stoppingToken)));
                }

                known = offered;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database is away: keep what is known and look again.
                LogCheckFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task NotifyAsync(McpServer server, CancellationToken cancellationToken)
    {
        try
        {
            await server.SendNotificationAsync(NotificationMethods.ToolListChangedNotification, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A session that went away while being told; it leaves the list when its run ends.
            LogNotifyFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP tools changed, telling {Sessions} session(s); offered now: {Tools}")]
    private static partial void LogChanged(ILogger logger, int sessions, string tools);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP tool list check failed: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP list-changed notification not delivered: {Reason}")]
    private static partial void LogNotifyFailed(ILogger logger, string reason);
}

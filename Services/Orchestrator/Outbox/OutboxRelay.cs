using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SutazAI.Contracts.Messages;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Outbox;

/// <summary>
/// Sends what the outbox holds. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c> (replicas share the
/// work), fewest failed attempts first, sent with publisher confirms, and deleted in the same transaction once
/// confirmed. A row whose send fails stays and is retried with backoff, so a broker outage delays tasks but loses
/// none. A failure counts against the row only when the broker took other messages in the same pass (the row is
/// at fault, not the broker); after <see cref="OutboxOptions.MaxAttempts"/> the row leaves the outbox and its task
/// fails as <c>dispatch-failed</c>, kept as a dead letter, so poisoned rows never hold up the others.
/// A crash between confirm and commit sends a row twice; agents and outcome handling tolerate that.
/// </summary>
public sealed partial class OutboxRelay(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    IOptionsMonitor<OutboxOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (backoff > TimeSpan.Zero)
                {
                    await Task.Delay(backoff, stoppingToken);
                }
                else
                {
                    await signal.WaitAsync(PollInterval, stoppingToken);
                }

                // Backing off is for a broker that takes nothing; rows it refuses while taking others wait for the next wake-up.
                var (sent, failed) = await DrainAsync(stoppingToken);
                backoff = failed > 0 && sent == 0
                    ? TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, Math.Max(250, backoff.TotalMilliseconds * 2)))
                    : TimeSpan.Zero;
                if (failed > 0)
                {
                    LogSendFailures(logger, failed, sent, backoff.TotalMilliseconds);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be away; try again shortly.
                LogRelayError(logger, ex);
                backoff = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, Math.Max(500, backoff.TotalMilliseconds * 2)));
            }
        }
    }

    /// <summary>Sends batches until the outbox is empty or a send fails.</summary>
    private async Task<(int Sent, int Failed)> DrainAsync(CancellationToken stoppingToken)
    {
        var totalSent = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
            var sendEndpoints = scope.ServiceProvider.GetRequiredService<ISendEndpointProvider>();
            var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();

            await using var transaction = await db.Database.BeginTransactionAsync(stoppingToken);
            var rows = await db.Outbox
                .FromSql($"SELECT * FROM outbox_messages ORDER BY \"Attempts\", \"Id\" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
                .ToListAsync(stoppingToken);
            if (rows.Count == 0)
            {
                return (totalSent, 0);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(SendTimeout);
            var outcomes = await Task.WhenAll(rows.Select(row => SendAsync(row, sendEndpoints, publisher, timeout.Token)));

            var sentIds = rows.Where((_, i) => outcomes[i] is null).Select(r => r.Id).ToList();
            var failedRows = rows.Where((_, i) => outcomes[i] is not null).ToList();
            for (var i = 0; i < rows.Count; i++)
            {
                if (outcomes[i] is { } error)
                {
                    rows[i].Attempts += sentIds.Count > 0 ? 1 : 0;
                    rows[i].LastError = error.Clip(500);
                    if (rows[i].Attempts >= options.CurrentValue.MaxAttempts)
                    {
                        db.Outbox.Remove(rows[i]);
                        await scope.ServiceProvider.GetRequiredService<IUndeliverableMessages>().GiveUpAsync(rows[i], stoppingToken);
                        LogGaveUp(logger, rows[i].Id, rows[i].MessageType, rows[i].Destination, rows[i].Attempts, rows[i].LastError);
                    }
                }
            }

            await db.Outbox.Where(m => sentIds.Contains(m.Id)).ExecuteDeleteAsync(stoppingToken);
            await db.SaveChangesAsync(stoppingToken);
            await transaction.CommitAsync(stoppingToken);

            totalSent += sentIds.Count;
            if (failedRows.Count > 0)
            {
                return (totalSent, failedRows.Count);
            }

            if (rows.Count < BatchSize)
            {
                return (totalSent, 0);
            }
        }
    }

    private static async Task<string?> SendAsync(OutboxMessage row, ISendEndpointProvider sendEndpoints, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        // The send continues the trace of the request that wrote the row; MassTransit carries it to the agent.
        using var activity = ActivityContext.TryParse(row.TraceParent, null, out var parent)
            ? Telemetry.Source.StartActivity($"outbox send {row.MessageType}", ActivityKind.Producer, parent)
            : Telemetry.Source.StartActivity($"outbox send {row.MessageType}", ActivityKind.Producer);
        activity?.SetTag("sutazai.outbox_id", row.Id).SetTag("sutazai.destination", row.Destination);
        try
        {
            var message = OutboxMessages.Deserialize(row);
            if (row.Destination is null)
            {
                await publisher.Publish(message, message.GetType(), cancellationToken);
                return null;
            }

            // The agent declares its own queue (a priority queue) and binds it to the exchange of the same name.
            // Mandatory makes the broker return a message no queue took yet, so it stays in the outbox until the agent
            // has started once. A bus client's events are not mandatory: a client that bound no queue chose not to
            // hear them, and the task's state stays readable over the API.
            var endpoint = await sendEndpoints.GetSendEndpoint(new Uri($"exchange:{row.Destination}"));
            var execute = message is ExecuteTask;
            await endpoint.Send(message, message.GetType(), context =>
            {
                context.Durable = true;
                if (execute && context is RabbitMqSendContext rabbit)
                {
                    rabbit.Mandatory = true;
                }

                // The same id on every attempt lets consumers recognise a resend.
                context.MessageId = OutboxMessages.DeterministicId(row);
                if (execute)
                {
                    context.SetPriority(row.Priority);
                }
            }, cancellationToken);
            return null;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: {Failed} message(s) not sent ({Sent} sent); retrying in {BackoffMs} ms")]
    private static partial void LogSendFailures(ILogger logger, int failed, int sent, double backoffMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox: gave up on message {Id} ({MessageType} to {Destination}) after {Attempts} attempts: {LastError}")]
    private static partial void LogGaveUp(ILogger logger, long id, string messageType, string? destination, int attempts, string? lastError);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay pass failed")]
    private static partial void LogRelayError(ILogger logger, Exception exception);
}

using System.Text.Json;
using StackExchange.Redis;
using SutazAI.Contracts.Tasks;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// Fans task changes out to event-stream readers on every orchestrator replica through Redis pub/sub.
/// Output pieces are also kept for an hour, so a reader who starts following late gets them from the start. Redis is a
/// speed-up only: readers also re-read the task from PostgreSQL, so an outage delays events but never hides the final state.
/// </summary>
public sealed partial class TaskEvents(IConnectionMultiplexer redis, ILogger<TaskEvents> logger)
{
    private static RedisChannel ChannelFor(Guid taskId) => RedisChannel.Literal($"sutazai:task-events:{taskId:N}");

    private static RedisKey OutputKeyFor(Guid taskId) => $"sutazai:task-output:{taskId:N}";

    /// <summary>What travels on a task's channel: a status change or a piece of output.</summary>
    public sealed record Item(TaskEvent? Change, TaskDelta? Delta);

    public Task PublishAsync(TaskEvent change) => PublishAsync(change.TaskId, new Item(change, null));

    /// <summary>How long a task's output pieces are kept for readers who start following late, and how many.</summary>
    public static readonly TimeSpan OutputRetention = TimeSpan.FromHours(1);
    public const int MaxKeptDeltas = 10_000;

    /// <summary>Pushes a piece of output and keeps it, so a reader who starts following late still gets the output so far.</summary>
    public async Task PublishAsync(TaskDelta delta)
    {
        try
        {
            var key = OutputKeyFor(delta.TaskId);
            var batch = redis.GetDatabase().CreateBatch();
            var kept = Task.WhenAll(
                batch.ListRightPushAsync(key, JsonSerializer.Serialize(delta, JsonSerializerOptions.Web)),
                batch.ListTrimAsync(key, -MaxKeptDeltas, -1),
                batch.KeyExpireAsync(key, OutputRetention));
            batch.Execute();
            await kept;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogPublishFailed(logger, delta.TaskId, ex.Message);
        }

        await PublishAsync(delta.TaskId, new Item(null, delta));
    }

    /// <summary>The output pieces kept so far (none when Redis is away: the result still holds the whole output).</summary>
    public async Task<IReadOnlyList<TaskDelta>> OutputSoFarAsync(Guid taskId)
    {
        try
        {
            var values = await redis.GetDatabase().ListRangeAsync(OutputKeyFor(taskId));
            return [.. values.Select(v => JsonSerializer.Deserialize<TaskDelta>(v.ToString(), JsonSerializerOptions.Web)!)];
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogSubscribeFailed(logger, taskId, ex.Message);
            return [];
        }
    }

    private async Task PublishAsync(Guid taskId, Item item)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(ChannelFor(taskId), JsonSerializer.Serialize(item, JsonSerializerOptions.Web));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogPublishFailed(logger, taskId, ex.Message);
        }
    }

    /// <summary>Subscribes to one task's changes and output; dispose to stop.</summary>
    public async Task<IAsyncDisposable> SubscribeAsync(Guid taskId, Action<Item> onItem)
    {
        var channel = ChannelFor(taskId);
        try
        {
            var subscriber = redis.GetSubscriber();
            await subscriber.SubscribeAsync(channel, (_, value) =>
            {
                if (value.HasValue && JsonSerializer.Deserialize<Item>(value.ToString(), JsonSerializerOptions.Web) is { } item)
                {
                    onItem(item);
                }
            });
            return new Subscription(subscriber, channel);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogSubscribeFailed(logger, taskId, ex.Message);
            return new Subscription(null, channel);
        }
    }

    private sealed class Subscription(ISubscriber? subscriber, RedisChannel channel) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (subscriber is not null)
            {
                try
                {
                    await subscriber.UnsubscribeAsync(channel);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // The subscription dies with the connection anyway.
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: event not published to Redis: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, Guid taskId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: event stream falls back to polling: {Reason}")]
    private static partial void LogSubscribeFailed(ILogger logger, Guid taskId, string reason);
}

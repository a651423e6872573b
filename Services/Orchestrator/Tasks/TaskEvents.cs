using System.Text.Json;
using StackExchange.Redis;
using SutazAI.Contracts.Tasks;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// Fans task changes out to event-stream readers on every orchestrator replica through Redis pub/sub.
/// Redis is a speed-up only: readers also re-read the task from PostgreSQL, so an outage delays events but
/// never hides the final state.
/// </summary>
public sealed partial class TaskEvents(IConnectionMultiplexer redis, ILogger<TaskEvents> logger)
{
    private static RedisChannel ChannelFor(Guid taskId) => RedisChannel.Literal($"sutazai:task-events:{taskId:N}");

    /// <summary>What travels on a task's channel: a status change or a piece of output.</summary>
    public sealed record Item(TaskEvent? Change, TaskDelta? Delta);

    public Task PublishAsync(TaskEvent change) => PublishAsync(change.TaskId, new Item(change, null));

    public Task PublishAsync(TaskDelta delta) => PublishAsync(delta.TaskId, new Item(null, delta));

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

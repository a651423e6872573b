using StackExchange.Redis;

namespace SutazAI.Orchestrator.Streams;

/// <summary>
/// Redis pub/sub between orchestrator replicas, as a speed-up only: a message that cannot be published or a
/// subscription that cannot be made is logged and the streams fall back to reading PostgreSQL on a timer.
/// </summary>
public sealed partial class RedisFanOut(IConnectionMultiplexer redis, ILogger<RedisFanOut> logger)
{
    public IDatabase Database => redis.GetDatabase();

    public async Task PublishAsync(string channel, string message)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogPublishFailed(logger, channel, ex.Message);
        }
    }

    /// <summary>Calls <paramref name="onMessage"/> for every message on <paramref name="channel"/> until disposed; null when Redis is away.</summary>
    public async Task<IAsyncDisposable?> SubscribeAsync(string channel, Action<string> onMessage)
    {
        var literal = RedisChannel.Literal(channel);
        try
        {
            var subscriber = redis.GetSubscriber();
            Action<RedisChannel, RedisValue> handler = (_, value) =>
            {
                if (value.HasValue)
                {
                    onMessage(value.ToString());
                }
            };
            await subscriber.SubscribeAsync(literal, handler);
            return new Subscription(subscriber, literal, handler);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogSubscribeFailed(logger, channel, ex.Message);
            return null;
        }
    }

    /// <summary>Removes this reader's handler only: other streams of the same task or workflow keep theirs.</summary>
    private sealed class Subscription(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await subscriber.UnsubscribeAsync(channel, handler);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // The subscription dies with the connection anyway.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not published to Redis channel {Channel}: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string channel, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Redis subscription to {Channel}, the stream polls instead: {Reason}")]
    private static partial void LogSubscribeFailed(ILogger logger, string channel, string reason);
}

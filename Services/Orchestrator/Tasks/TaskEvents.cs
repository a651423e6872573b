using System.Text.Json;
using StackExchange.Redis;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Streams;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// Fans task changes out to event-stream readers on every orchestrator replica through Redis pub/sub.
/// Output pieces are also kept for an hour, so a reader who starts following late, or comes back with
/// <c>Last-Event-ID</c>, gets them from where it was. Redis is a speed-up only: readers also re-read the task from
/// PostgreSQL, so an outage delays events but never hides the final state.
/// </summary>
public sealed partial class TaskEvents(RedisFanOut fanOut, ILogger<TaskEvents> logger)
{
    private static string ChannelFor(Guid taskId) => $"sutazai:task-events:{taskId:N}";

    private static RedisKey OutputKeyFor(Guid taskId) => $"sutazai:task-output:{taskId:N}";

    /// <summary>What travels on a task's channel: a status change (with the task's version after it) or a piece of output.</summary>
    public sealed record Item(TaskEvent? Change, TaskDelta? Delta, int Version = 0);

    public Task PublishAsync(TaskChange change) => PublishAsync(change.Id, new Item(change.ToEvent(), null, change.Version));

    /// <summary>How long a task's output pieces are kept for readers who start following late, and how many.</summary>
    public static readonly TimeSpan OutputRetention = TimeSpan.FromHours(1);
    public const int MaxKeptDeltas = 10_000;

    /// <summary>Pushes a piece of output and keeps it, so a reader who starts following late still gets the output so far.</summary>
    public async Task PublishAsync(TaskDelta delta)
    {
        try
        {
            var key = OutputKeyFor(delta.TaskId);
            var batch = fanOut.Database.CreateBatch();
            var kept = Task.WhenAll(
                batch.ListRightPushAsync(key, JsonSerializer.Serialize(delta, JsonSerializerOptions.Web)),
                batch.ListTrimAsync(key, -MaxKeptDeltas, -1),
                batch.KeyExpireAsync(key, OutputRetention));
            batch.Execute();
            await kept;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogKeepFailed(logger, delta.TaskId, ex.Message);
        }

        await PublishAsync(delta.TaskId, new Item(null, delta));
    }

    /// <summary>The output pieces kept so far, in sequence order (none when Redis is away: the result still holds the whole output).</summary>
    public async Task<IReadOnlyList<TaskDelta>> OutputSoFarAsync(Guid taskId)
    {
        try
        {
            var values = await fanOut.Database.ListRangeAsync(OutputKeyFor(taskId));
            return [.. values.Select(v => JsonSerializer.Deserialize<TaskDelta>(v.ToString(), JsonSerializerOptions.Web)!).OrderBy(d => d.Sequence)];
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogKeepFailed(logger, taskId, ex.Message);
            return [];
        }
    }

    /// <summary>Subscribes to one task's changes and output; dispose to stop. Null when Redis is away.</summary>
    public Task<IAsyncDisposable?> SubscribeAsync(Guid taskId, Action<Item> onItem) =>
        fanOut.SubscribeAsync(ChannelFor(taskId), message =>
        {
            if (JsonSerializer.Deserialize<Item>(message, JsonSerializerOptions.Web) is { } item)
            {
                onItem(item);
            }
        });

    private Task PublishAsync(Guid taskId, Item item) => fanOut.PublishAsync(ChannelFor(taskId), JsonSerializer.Serialize(item, JsonSerializerOptions.Web));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: output not kept in Redis: {Reason}")]
    private static partial void LogKeepFailed(ILogger logger, Guid taskId, string reason);
}

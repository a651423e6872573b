using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SutazAI.Orchestrator.Streams;

/// <summary>
/// Counts the event streams each person holds open, across orchestrator replicas: a Redis sorted set per person of
/// leases that expire unless renewed, so a replica that dies frees its streams within <see cref="LeaseLife"/>. When
/// Redis is away each replica counts its own streams against the same cap.
/// </summary>
public sealed partial class StreamLeases(RedisFanOut redis, IOptions<StreamOptions> options, TimeProvider clock, ILogger<StreamLeases> logger) : BackgroundService
{
    public static readonly TimeSpan LeaseLife = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RenewEvery = LeaseLife / 3;

    // Drops expired leases, then adds this one if the person is under the cap. 1 = granted.
    private const string AcquireScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    private readonly ConcurrentDictionary<Lease, byte> _held = new();
    private readonly ConcurrentDictionary<string, int> _local = new(StringComparer.Ordinal);

    /// <summary>A lease for one more stream of <paramref name="owner"/>, or null when they hold the most they may.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(string owner)
    {
        var max = options.Value.MaxPerOwner;
        var lease = new Lease(this, owner, Guid.NewGuid().ToString("N"));
        try
        {
            var now = clock.GetUtcNow();
            var granted = (int)await redis.Database.ScriptEvaluateAsync(AcquireScript, [KeyFor(owner)],
                [now.ToUnixTimeMilliseconds(), (now + LeaseLife).ToUnixTimeMilliseconds(), max, lease.Id, (long)LeaseLife.TotalMilliseconds]);
            if (granted == 0)
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogCountedLocally(logger, ex.Message);
            if (_local.AddOrUpdate(owner, 1, (_, count) => count + 1) > max)
            {
                ReleaseLocal(owner);
                return null;
            }

            lease.Local = true;
        }

        _held[lease] = 0;
        return lease;
    }

    /// <summary>Keeps the leases this replica holds alive.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RenewEvery, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var shared = _held.Keys.Where(l => !l.Local).ToList();
            if (shared.Count == 0)
            {
                continue;
            }

            try
            {
                var until = (clock.GetUtcNow() + LeaseLife).ToUnixTimeMilliseconds();
                var batch = redis.Database.CreateBatch();
                var renewed = shared.Select(l => batch.SortedSetAddAsync(KeyFor(l.Owner), l.Id, until, SortedSetWhen.Exists)).ToList();
                batch.Execute();
                await Task.WhenAll(renewed);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogRenewFailed(logger, shared.Count, ex.Message);
            }
        }
    }

    private static RedisKey KeyFor(string owner) => $"sutazai:streams:{owner}";

    private void ReleaseLocal(string owner) => _local.AddOrUpdate(owner, 0, (_, count) => Math.Max(0, count - 1));

    private async ValueTask ReleaseAsync(Lease lease)
    {
        if (!_held.TryRemove(lease, out _))
        {
            return;
        }

        if (lease.Local)
        {
            ReleaseLocal(lease.Owner);
            return;
        }

        try
        {
            await redis.Database.SortedSetRemoveAsync(KeyFor(lease.Owner), lease.Id);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // It expires with its lease life.
            LogRenewFailed(logger, 1, ex.Message);
        }
    }

    private sealed class Lease(StreamLeases leases, string owner, string id) : IAsyncDisposable
    {
        public string Owner { get; } = owner;

        public string Id { get; } = id;

        public bool Local { get; set; }

        public ValueTask DisposeAsync() => leases.ReleaseAsync(this);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event streams are counted per replica while Redis is away: {Reason}")]
    private static partial void LogCountedLocally(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} event-stream lease(s) not renewed or released in Redis (they expire by themselves): {Reason}")]
    private static partial void LogRenewFailed(ILogger logger, int count, string reason);
}

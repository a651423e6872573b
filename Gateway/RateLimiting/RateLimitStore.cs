using System.Threading.RateLimiting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;
using SutazAI.Gateway.Identity;

namespace SutazAI.Gateway.RateLimiting;

/// <summary>
/// Where limits are counted: Redis while it answers (shared by all replicas), this process otherwise. Knows which
/// partition a request falls in, and reports the fallback in health (Degraded) and the log.
/// </summary>
public sealed partial class RateLimitStore : IHealthCheck, IDisposable
{
    public const string HealthCheckName = "rate-limits";

    /// <summary>After a Redis failure, how long to count locally before asking Redis again.</summary>
    private static readonly TimeSpan RetrySharedAfter = TimeSpan.FromSeconds(5);

    private readonly IConnectionMultiplexer _redis;
    private readonly RateLimitOptions _options;
    private readonly ILogger<RateLimitStore> _logger;
    private readonly PartitionedRateLimiter<string> _accounts;
    private long _localUntilTicks;
    private int _degraded;

    public RateLimitStore(IConnectionMultiplexer redis, IOptions<RateLimitOptions> options, ILogger<RateLimitStore> logger)
    {
        _redis = redis;
        _options = options.Value;
        _logger = logger;
        _accounts = PartitionedRateLimiter.Create<string, string>(account => Partition($"account:{account}", _options.Account));
    }

    /// <summary>False while Redis is known to be away (disconnected, or failed within the last few seconds).</summary>
    public bool UseShared => _redis.IsConnected && DateTime.UtcNow.Ticks >= Interlocked.Read(ref _localUntilTicks);

    /// <summary>
    /// The global limiter's partition: route class, then the person the caller acts for (all of a user's keys and
    /// tokens share one allowance), or its address before sign-in and on auth routes.
    /// </summary>
    public RateLimitPartition<string> PartitionFor(HttpContext context)
    {
        // Probes and scrapes come from the platform's own supervisors, often and from one address.
        if (ServiceInfo.IsOperational(context.Request.Path))
        {
            return RateLimitPartition.GetNoLimiter("probes");
        }

        var routeClass = RouteClasses.Of(context.Request.Path);
        var subject = routeClass == RouteClass.Auth ? null : context.User.Owner();
        var caller = subject ?? $"ip:{context.Connection.RemoteIpAddress}";
        return Partition($"{routeClass.ToString().ToLowerInvariant()}:{caller}", _options.For(routeClass));
    }

    /// <summary>One login attempt against <paramref name="username"/>'s per-account limit.</summary>
    public ValueTask<RateLimitLease> AcquireLoginAttemptAsync(string username, CancellationToken cancellationToken) =>
        _accounts.AcquireAsync(UserAccounts.Normalize(username), 1, cancellationToken);

    public void SharedSucceeded()
    {
        if (Interlocked.Exchange(ref _degraded, 0) == 1)
        {
            LogShared(_logger);
        }
    }

    public void SharedFailed(Exception error)
    {
        Interlocked.Exchange(ref _localUntilTicks, (DateTime.UtcNow + RetrySharedAfter).Ticks);
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            LogLocal(_logger, error.GetType().Name, error.Message);
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_redis.IsConnected && Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            LogLocal(_logger, "disconnected", "the Redis connection is down");
        }

        // Shared again as soon as Redis is back and the retry pause is over, before any request has confirmed it.
        return Task.FromResult(UseShared
            ? HealthCheckResult.Healthy("Rate limits are shared through Redis.")
            : new HealthCheckResult(context.Registration.FailureStatus, "Redis is unreachable: rate limits are counted by this gateway alone."));
    }

    public void Dispose() => _accounts.Dispose();

    private RateLimitPartition<string> Partition(string key, RateLimitRule rule) =>
        RateLimitPartition.Get(key, partitionKey => new FallbackRateLimiter(
            new RedisFixedWindowRateLimiter<string>($"{_options.KeyPrefix}:{partitionKey}", new RedisFixedWindowRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => _redis,
                PermitLimit = rule.PermitLimit,
                Window = rule.Window,
            }),
            new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
            {
                PermitLimit = rule.PermitLimit,
                Window = rule.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }),
            this));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limits fall back to this gateway's own counters: Redis failed ({Error}: {Reason})")]
    private static partial void LogLocal(ILogger logger, string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate limits are shared through Redis again")]
    private static partial void LogShared(ILogger logger);
}

using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace SutazAI.Gateway.RateLimiting;

/// <summary>
/// One partition's limit: counted in Redis (RedisRateLimiting) so every gateway replica shares it, and in a local
/// fixed window while Redis cannot answer. RedisRateLimiting alone fails closed with an exception (a 500) when
/// Redis is away; here that becomes a switch to the local count, reported by <see cref="RateLimitStore"/>.
/// </summary>
public sealed class FallbackRateLimiter(RateLimiter shared, RateLimiter local, RateLimitStore store) : RateLimiter
{
    private static readonly RateLimitLease NotAcquiredSynchronously = new NoLease();

    public override TimeSpan? IdleDuration => local.IdleDuration is { } localIdle && shared.IdleDuration is { } sharedIdle
        ? TimeSpan.FromTicks(Math.Min(localIdle.Ticks, sharedIdle.Ticks))
        : null;

    public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

    /// <summary>Redis cannot be asked synchronously; the middleware then calls <see cref="AcquireAsyncCore"/>.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => NotAcquiredSynchronously;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (store.UseShared)
        {
            try
            {
                var lease = await shared.AcquireAsync(permitCount, cancellationToken);
                store.SharedSucceeded();
                return lease;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                store.SharedFailed(ex);
            }
        }

        return await local.AcquireAsync(permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            shared.Dispose();
            local.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class NoLease : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

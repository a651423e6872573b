using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SutazAI.Models.Llm;

/// <summary>
/// Per-requester daily token budgets in Redis. A call reserves its estimate before it runs and settles to the
/// real count after, each step one atomic script, so concurrent calls on several replicas cannot overspend.
/// If Redis is unreachable the budget is not enforced (and that is logged): LLM work goes on.
/// </summary>
public sealed partial class TokenBudgets(IConnectionMultiplexer redis, IOptions<LlmOptions> options, TimeProvider clock, ILogger<TokenBudgets> logger)
{
    private static readonly LuaScript Reserve = LuaScript.Prepare("""
        local used = tonumber(redis.call('GET', @key) or '0')
        if used + tonumber(@amount) > tonumber(@limit) then return -1 end
        local now = redis.call('INCRBY', @key, @amount)
        redis.call('EXPIRE', @key, 172800)
        return now
        """);

    public sealed record Reservation(string Key, long Amount, bool Enforced);

    /// <summary>Reserves <paramref name="estimate"/> tokens, or returns null when the budget cannot cover them.</summary>
    public async Task<Reservation?> TryReserveAsync(string requester, long estimate)
    {
        var key = $"sutazai:budget:{requester}:{clock.GetUtcNow():yyyyMMdd}";
        try
        {
            var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(Reserve,
                new { key = (RedisKey)key, amount = estimate, limit = options.Value.BudgetFor(requester) });
            return result < 0 ? null : new Reservation(key, estimate, Enforced: true);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogUnenforced(logger, ex.Message);
            return new Reservation(key, estimate, Enforced: false);
        }
    }

    /// <summary>Replaces the reservation by what the call really used (zero when it failed).</summary>
    public async Task SettleAsync(Reservation reservation, long actual)
    {
        if (!reservation.Enforced || actual == reservation.Amount)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().StringIncrementAsync(reservation.Key, actual - reservation.Amount);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogUnenforced(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token budget not enforced, Redis unreachable: {Reason}")]
    private static partial void LogUnenforced(ILogger logger, string reason);
}

using Microsoft.Extensions.Hosting;

namespace SutazAI.ServiceDefaults.Tests;

/// <summary>The bounded cache behind handed-out and checked tokens.</summary>
public class TokenCacheTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void An_entry_is_found_until_the_moment_it_expires()
    {
        var cache = new TokenCache<string>(10);
        cache.Set("alice", "token-a", Now.AddMinutes(1), Now);

        Assert.True(cache.TryGet("alice", Now.AddSeconds(59), out var token));
        Assert.Equal("token-a", token);
        Assert.False(cache.TryGet("alice", Now.AddMinutes(1), out _));
        Assert.False(cache.TryGet("Alice", Now, out _));
    }

    [Fact]
    public void A_full_cache_drops_the_expired_entries_first_and_everything_only_when_none_expired()
    {
        var cache = new TokenCache<int>(3);
        cache.Set("old", 1, Now.AddSeconds(10), Now);
        cache.Set("live-1", 2, Now.AddMinutes(5), Now);
        cache.Set("live-2", 3, Now.AddMinutes(5), Now);

        cache.Set("new", 4, Now.AddMinutes(5), Now.AddMinutes(1));
        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryGet("live-1", Now.AddMinutes(1), out _));
        Assert.False(cache.TryGet("old", Now, out _));

        cache.Set("newest", 5, Now.AddMinutes(5), Now.AddMinutes(1));
        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet("newest", Now.AddMinutes(1), out var value));
        Assert.Equal(5, value);
    }
}

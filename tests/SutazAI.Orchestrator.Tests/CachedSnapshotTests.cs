using SutazAI.Orchestrator.Registry;

namespace SutazAI.Orchestrator.Tests;

public class CachedSnapshotTests
{
    [Fact]
    public async Task Callers_arriving_while_a_stale_snapshot_is_read_wait_for_that_one_read()
    {
        var clock = new Clock();
        using var snapshot = new CachedSnapshot<int>(0, TimeSpan.FromSeconds(1), clock);
        var reads = 0;
        var release = new TaskCompletionSource();
        async Task<int> Load(DateTimeOffset at, CancellationToken token)
        {
            var read = Interlocked.Increment(ref reads);
            await release.Task;
            return read;
        }

        var callers = Enumerable.Range(0, 20).Select(_ => snapshot.GetAsync(Load, CancellationToken.None)).ToList();
        release.SetResult();

        Assert.All(await Task.WhenAll(callers), value => Assert.Equal(1, value));
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task A_snapshot_is_read_again_once_it_is_older_than_its_age_or_invalidated()
    {
        var clock = new Clock();
        using var snapshot = new CachedSnapshot<int>(0, TimeSpan.FromSeconds(1), clock);
        var reads = 0;
        Task<int> Load(DateTimeOffset at, CancellationToken token) => Task.FromResult(++reads);

        Assert.Equal(1, await snapshot.GetAsync(Load, CancellationToken.None));
        clock.Now += TimeSpan.FromMilliseconds(999);
        Assert.Equal(1, await snapshot.GetAsync(Load, CancellationToken.None));
        clock.Now += TimeSpan.FromMilliseconds(1);
        Assert.Equal(2, await snapshot.GetAsync(Load, CancellationToken.None));
        snapshot.Invalidate();
        Assert.Equal(3, await snapshot.GetAsync(Load, CancellationToken.None));
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 7, 11, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

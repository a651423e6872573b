using SutazAI.Models.Llm;

namespace SutazAI.Llm.Tests;

public class SlotSchedulerTests
{
    [Fact]
    public async Task Waiters_are_served_by_priority_then_fairly_across_requesters_then_in_order()
    {
        var scheduler = new SlotScheduler(1, TimeProvider.System);
        var (first, _) = await scheduler.AcquireAsync(5, "a", CancellationToken.None);
        var served = new List<string>();

        Task Wait(int priority, string requester, string label) => Task.Run(async () =>
        {
            var (lease, _) = await scheduler.AcquireAsync(priority, requester, CancellationToken.None);
            lock (served)
            {
                served.Add(label);
            }

            lease.Dispose();
        });

        var waiters = new List<Task>
        {
            Wait(1, "a", "a-low-1"),
        };
        await WaitForQueue(scheduler, 1);
        waiters.Add(Wait(1, "a", "a-low-2"));
        await WaitForQueue(scheduler, 2);
        waiters.Add(Wait(1, "b", "b-low"));
        await WaitForQueue(scheduler, 3);
        waiters.Add(Wait(9, "c", "c-high"));
        await WaitForQueue(scheduler, 4);

        first.Dispose();
        await Task.WhenAll(waiters);

        // Highest priority first; then "b", whom nobody served yet, before "a" (served first); then a's in order.
        Assert.Equal(["c-high", "b-low", "a-low-1", "a-low-2"], served);
        Assert.Equal(0, scheduler.InUse);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue()
    {
        var scheduler = new SlotScheduler(1, TimeProvider.System);
        var (holder, _) = await scheduler.AcquireAsync(5, "a", CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = scheduler.AcquireAsync(5, "b", cancel.Token);
        await WaitForQueue(scheduler, 1);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, scheduler.Waiting);

        holder.Dispose();
        var (next, waited) = await scheduler.AcquireAsync(5, "c", CancellationToken.None);
        Assert.Equal(TimeSpan.Zero, waited);
        next.Dispose();
    }

    [Fact]
    public async Task Capacity_bounds_concurrent_holders()
    {
        var scheduler = new SlotScheduler(2, TimeProvider.System);
        var (a, _) = await scheduler.AcquireAsync(5, "x", CancellationToken.None);
        var (b, _) = await scheduler.AcquireAsync(5, "y", CancellationToken.None);
        var third = scheduler.AcquireAsync(5, "z", CancellationToken.None);
        await WaitForQueue(scheduler, 1);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, scheduler.InUse);

        a.Dispose();
        var (c, _) = await third;
        Assert.Equal(2, scheduler.InUse);
        b.Dispose();
        c.Dispose();
        Assert.Equal(0, scheduler.InUse);
    }

    private static async Task WaitForQueue(SlotScheduler scheduler, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (scheduler.Waiting < count)
        {
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(5);
        }
    }
}

using Microsoft.Extensions.Hosting;

namespace SutazAI.ServiceDefaults.Tests;

public class IdleTrimPolicyTests
{
    private const long StartUp = 40L * 1024 * 1024;
    private const long Little = IdleTrimPolicy.MinimumAllocation / 4;

    [Fact]
    public void The_first_quiet_interval_after_start_up_trims_the_start_up_garbage()
    {
        var policy = new IdleTrimPolicy(collections: 3);

        Assert.True(policy.ShouldTrim(collections: 3, allocatedBytes: StartUp));
    }

    [Fact]
    public void A_process_that_collected_during_the_interval_is_busy_and_is_not_trimmed()
    {
        var policy = new IdleTrimPolicy(collections: 3);

        Assert.False(policy.ShouldTrim(collections: 4, allocatedBytes: StartUp));
        Assert.False(policy.ShouldTrim(collections: 9, allocatedBytes: StartUp * 2));
        // Quiet again: what the busy period left behind is given back.
        Assert.True(policy.ShouldTrim(collections: 9, allocatedBytes: StartUp * 2));
    }

    [Fact]
    public void After_a_trim_a_process_that_allocates_almost_nothing_is_left_alone_until_it_has_something_to_give_back()
    {
        var policy = new IdleTrimPolicy(collections: 3);
        Assert.True(policy.ShouldTrim(3, StartUp));
        // The trim's own collection counts one more; it is not activity.
        policy.Trimmed(collections: 4, allocatedBytes: StartUp);

        Assert.False(policy.ShouldTrim(4, StartUp + Little));
        Assert.False(policy.ShouldTrim(4, StartUp + (2 * Little)));
        Assert.False(policy.ShouldTrim(4, StartUp + (3 * Little)));
        Assert.True(policy.ShouldTrim(4, StartUp + (4 * Little)));
    }

    [Fact]
    public void A_process_that_allocated_nothing_since_start_up_is_not_collected_for_nothing()
    {
        var policy = new IdleTrimPolicy(collections: 0);

        Assert.False(policy.ShouldTrim(collections: 0, allocatedBytes: IdleTrimPolicy.MinimumAllocation - 1));
    }
}

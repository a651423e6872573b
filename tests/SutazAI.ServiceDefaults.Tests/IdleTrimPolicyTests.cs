using Microsoft.Extensions.Hosting;

namespace SutazAI.ServiceDefaults.Tests;

public class IdleTrimPolicyTests
{
    private const long StartUp = 40L * 1024 * 1024;
    private const long Quiet = IdleTrimPolicy.QuietAllocationPerMinute;
    private const long Little = IdleTrimPolicy.MinimumAllocation / 4;

    [Fact]
    public void The_first_quiet_interval_after_start_up_trims_the_start_up_garbage()
    {
        var policy = new IdleTrimPolicy(allocatedBytes: StartUp, Quiet);

        Assert.True(policy.ShouldTrim(allocatedBytes: StartUp + Little));
    }

    [Fact]
    public void A_process_that_allocated_more_than_a_quiet_interval_allows_is_busy_and_is_not_trimmed()
    {
        var policy = new IdleTrimPolicy(allocatedBytes: StartUp, Quiet);

        Assert.False(policy.ShouldTrim(StartUp + Quiet + 1));
        Assert.False(policy.ShouldTrim(StartUp + (20 * Quiet)));
        // Quiet again: what the busy period left behind is given back.
        Assert.True(policy.ShouldTrim(StartUp + (20 * Quiet) + Little));
    }

    [Fact]
    public void A_process_whose_timers_allocate_a_few_megabytes_a_minute_is_quiet()
    {
        // The idle orchestrator: seven agents' heartbeats, several gen0 collections a minute, still idle.
        var policy = new IdleTrimPolicy(allocatedBytes: StartUp, Quiet);

        Assert.True(policy.ShouldTrim(StartUp + (Quiet / 2)));
        policy.Trimmed(StartUp + (Quiet / 2));
        Assert.True(policy.ShouldTrim(StartUp + Quiet));
    }

    [Fact]
    public void After_a_trim_a_process_that_allocates_almost_nothing_is_left_alone_until_it_has_something_to_give_back()
    {
        var policy = new IdleTrimPolicy(allocatedBytes: StartUp, Quiet);
        Assert.True(policy.ShouldTrim(StartUp + Little));
        policy.Trimmed(StartUp + Little);

        Assert.False(policy.ShouldTrim(StartUp + (2 * Little)));
        Assert.False(policy.ShouldTrim(StartUp + (3 * Little)));
        Assert.False(policy.ShouldTrim(StartUp + (4 * Little)));
        Assert.True(policy.ShouldTrim(StartUp + (5 * Little)));
    }

    [Fact]
    public void A_process_that_allocated_nothing_since_start_up_is_not_collected_for_nothing()
    {
        var policy = new IdleTrimPolicy(allocatedBytes: 0, Quiet);

        Assert.False(policy.ShouldTrim(allocatedBytes: IdleTrimPolicy.MinimumAllocation - 1));
    }
}

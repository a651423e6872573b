using Microsoft.Extensions.Diagnostics.HealthChecks;
using SutazAI.AppHost.Infrastructure;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// The AppHost's health checks keep probing a resource that has not come up yet, instead of leaving it to Aspire's
/// back-off of up to 5 s between checks; once it has been up, a check is one probe.
/// </summary>
public sealed class StartupProbeTests
{
    private static readonly HealthCheckContext Context = new();

    [Fact]
    public async Task A_starting_resource_is_probed_again_within_one_check_until_it_answers()
    {
        var attempts = 0;
        var probe = new StartupProbe(_ => ++attempts < 4 ? throw new InvalidOperationException("not up yet") : Task.CompletedTask,
            TimeSpan.FromMinutes(1));

        var result = await probe.CheckHealthAsync(Context);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(4, attempts);
        Assert.True(probe.HasPassed);
    }

    [Fact]
    public async Task A_resource_that_never_comes_up_is_reported_unhealthy_when_the_starting_window_ends()
    {
        var attempts = 0;
        var probe = new StartupProbe(_ => { attempts++; throw new InvalidOperationException("connection refused"); },
            TimeSpan.FromSeconds(1));

        var result = await probe.CheckHealthAsync(Context);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("connection refused", result.Description);
        Assert.InRange(attempts, 2, 1 + (int)(probe.StartingWindow / StartupProbe.StartingInterval));
        Assert.False(probe.HasPassed);
    }

    [Fact]
    public async Task Once_a_resource_has_been_up_a_failing_probe_is_reported_at_once()
    {
        var up = true;
        var attempts = 0;
        var probe = new StartupProbe(_ => { attempts++; return up ? Task.CompletedTask : throw new InvalidOperationException("gone"); },
            TimeSpan.FromMinutes(1));
        Assert.Equal(HealthStatus.Healthy, (await probe.CheckHealthAsync(Context)).Status);

        up = false;
        var result = await probe.CheckHealthAsync(Context);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Stopping_the_AppHost_ends_a_check_that_is_still_probing()
    {
        using var stopping = new CancellationTokenSource();
        var probe = new StartupProbe(_ => { stopping.Cancel(); throw new InvalidOperationException("not up yet"); },
            TimeSpan.FromMinutes(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.CheckHealthAsync(Context, stopping.Token));
    }
}

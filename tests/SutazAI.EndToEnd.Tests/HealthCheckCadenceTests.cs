using System.Reflection;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// The AppHost shortens the wait between Aspire's checks of a resource that is not healthy yet (README, "Start-up").
/// That step is internal to Aspire and set by name, so an Aspire upgrade could drop it without a compile error: this
/// pins that the running AppHost's health service has it, at the 200 ms the AppHost sets instead of Aspire's 1 s.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HealthCheckCadenceTests(PlatformFixture platform)
{
    [Fact]
    public void The_running_AppHost_checks_a_starting_resource_again_after_200_ms_steps()
    {
        var type = typeof(DistributedApplication).Assembly.GetType("Aspire.Hosting.Health.ResourceHealthCheckService");
        Assert.NotNull(type);
        var step = type.GetProperty("NonHealthyHealthCheckStepInterval", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        Assert.NotNull(step);

        var service = platform.Host.Services.GetServices<IHostedService>().Single(type.IsInstanceOfType);

        Assert.Equal(TimeSpan.FromMilliseconds(200), step.GetValue(service));
    }
}

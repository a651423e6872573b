using Microsoft.Extensions.Configuration;
using SutazAI.AppHost.Infrastructure;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// The runtime settings and programs the AppHost gives each service: every service's, then its kind's, then its own,
/// so one service can differ from its kind (the analyst from the other agents) without a kind of its own.
/// </summary>
public sealed class RuntimeProfilesTests
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Runtime:All:DOTNET_GCgen0size"] = "0x300000",
        ["Runtime:agents:DOTNET_TieredCompilation"] = "0",
        ["Runtime:agents:DOTNET_TieredPGO"] = "0",
        ["Runtime:agent-analyst:DOTNET_TieredPGO"] = "",
        ["Runtime:agent-analyst:DOTNET_TC_QuickJit"] = "0",
        ["Programs:ReadyToRun:All"] = "true",
        ["Programs:ReadyToRun:orchestrator"] = "false",
        ["Programs:ReadyToRun:agent-analyst"] = "false",
        ["Programs:Niceness:agents"] = "10",
        ["Programs:Niceness:agent-chat"] = "0",
    }).Build();

    [Fact]
    public void A_service_gets_every_services_settings_then_its_kinds_then_its_own_and_an_empty_value_removes_one()
    {
        Assert.Equal(
            new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0x300000", ["DOTNET_TieredCompilation"] = "0", ["DOTNET_TieredPGO"] = "0" },
            RuntimeProfiles.SettingsOf(Configuration, "agent-coder"));
        Assert.Equal(
            new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0x300000", ["DOTNET_TieredCompilation"] = "0", ["DOTNET_TC_QuickJit"] = "0" },
            RuntimeProfiles.SettingsOf(Configuration, "agent-analyst"));
        Assert.Equal(new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0x300000" }, RuntimeProfiles.SettingsOf(Configuration, "gateway"));
    }

    [Fact]
    public void A_services_own_program_setting_wins_over_its_kinds_which_wins_over_every_services()
    {
        Assert.True(RuntimeProfiles.WantsReadyToRun(Configuration, "agent-coder"));
        Assert.False(RuntimeProfiles.WantsReadyToRun(Configuration, "agent-analyst"));
        Assert.False(RuntimeProfiles.WantsReadyToRun(Configuration, "orchestrator"));
        Assert.True(RuntimeProfiles.WantsReadyToRun(new ConfigurationBuilder().Build(), "gateway"));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(10, RuntimeProfiles.NicenessOf(Configuration, "agent-coder"));
            Assert.Equal(0, RuntimeProfiles.NicenessOf(Configuration, "agent-chat"));
            Assert.Equal(0, RuntimeProfiles.NicenessOf(Configuration, "knowledge"));
        }
    }

    [Fact]
    public void A_setting_that_is_not_a_runtime_variable_is_refused_with_its_name()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Runtime:agent-chat:GOGC"] = "50" }).Build();

        var refused = Assert.Throws<InvalidOperationException>(() => RuntimeProfiles.SettingsOf(configuration, "agent-chat"));

        Assert.Contains("Runtime:agent-chat:GOGC", refused.Message);
    }
}

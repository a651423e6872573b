using System.Diagnostics;
using SutazAI.Testing;
using Xunit.Abstractions;

namespace SutazAI.Monitoring.Tests;

/// <summary>
/// deploy/monitoring is checked by Prometheus's own tool: the configuration and rules parse, and each alert
/// fires on a synthetic series that breaks its objective (and a healthy series pages no one).
/// promtool comes with Debian's prometheus package, which scripts/prerequisites.sh installs.
/// </summary>
public sealed class PromtoolTests(ITestOutputHelper output)
{
    private static readonly string Monitoring = Repository.Path("deploy/monitoring");

    [Fact]
    public async Task The_Prometheus_configuration_is_valid() =>
        await PromtoolAsync("check", "config", "prometheus.yml");

    [Fact]
    public async Task The_recording_and_alerting_rules_are_valid() =>
        await PromtoolAsync(["check", "rules", .. Directory.GetFiles(Path.Combine(Monitoring, "rules"), "*.yml")]);

    [Fact]
    public async Task Every_SLO_and_platform_alert_fires_on_a_synthetic_series() =>
        await PromtoolAsync("test", "rules", "tests/alerts.test.yml");

    [Fact]
    public async Task A_broken_rule_is_refused()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(broken, "groups:\n  - name: x\n    rules:\n      - alert: Bad\n        expr: sum(rate(foo[5m]) by\n");
        try
        {
            var (exitCode, _) = await RunAsync("check", "rules", broken);
            Assert.NotEqual(0, exitCode);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    private async Task PromtoolAsync(params string[] arguments)
    {
        var (exitCode, text) = await RunAsync(arguments);
        output.WriteLine(text);
        Assert.True(exitCode == 0, $"promtool {string.Join(' ', arguments)} failed:\n{text}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool") { WorkingDirectory = Monitoring, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}

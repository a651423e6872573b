using System.Text.Json;
using SutazAI.Agents.Hosting.Execution;
using SutazAI.Agents.Hosting.Skills;

namespace SutazAI.Agents.Tests.Hosting;

public class RegistryAndStatisticsTests
{
    [Fact]
    public void The_registry_refuses_a_capability_registered_twice() =>
        Assert.Throws<InvalidOperationException>(() => new SkillRegistry([new NamedSkill("a.b"), new NamedSkill("a.b")]));

    [Fact]
    public void The_registry_describes_every_skill()
    {
        var registry = new SkillRegistry([new NamedSkill("a.b"), new NamedSkill("c.d")]);
        Assert.Equal(["a.b", "c.d"], registry.Descriptors.Select(d => d.Capability));
        Assert.True(registry.TryGet("c.d", out _));
        Assert.False(registry.TryGet("x.y", out _));
    }

    [Fact]
    public void Statistics_cover_only_the_sliding_window()
    {
        var clock = new ManualClock();
        var statistics = new AgentStatistics(clock);
        statistics.Record(success: false, TimeSpan.FromMilliseconds(100));
        clock.Advance(AgentStatistics.Window + TimeSpan.FromSeconds(1));
        statistics.Record(success: true, TimeSpan.FromMilliseconds(10));
        statistics.Record(success: true, TimeSpan.FromMilliseconds(30));

        var (completed, failed, latency) = statistics.Snapshot();
        Assert.Equal(2, completed);
        Assert.Equal(0, failed);
        Assert.Equal(20, latency, precision: 6);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class NamedSkill(string capability) : ISkill
    {
        public string Capability => capability;

        public string Description => capability;

        public JsonElement InputSchema => JsonDocument.Parse("{}").RootElement;

        public Task<JsonElement> ExecuteAsync(SkillContext context, CancellationToken cancellationToken) =>
            Task.FromResult(context.Input);
    }
}

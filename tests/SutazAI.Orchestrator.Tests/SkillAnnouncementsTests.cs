using System.Text.Json;
using SutazAI.Contracts.Messages;
using SutazAI.Orchestrator.Registry;

namespace SutazAI.Orchestrator.Tests;

public class SkillAnnouncementsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_same_announcement_received_twice_has_one_fingerprint()
    {
        // Two heartbeats are two deserialised messages: equal content, different objects.
        Assert.Equal(SkillAnnouncements.Fingerprint(Skills("""{"type":"object"}""")), SkillAnnouncements.Fingerprint(Skills("""{"type":"object"}""")));
    }

    [Fact]
    public void A_changed_schema_description_or_example_changes_the_fingerprint()
    {
        var announced = SkillAnnouncements.Fingerprint(Skills("""{"type":"object"}"""));

        Assert.NotEqual(announced, SkillAnnouncements.Fingerprint(Skills("""{"type":"object","required":["text"]}""")));
        Assert.NotEqual(announced, SkillAnnouncements.Fingerprint(Skills("""{"type":"object"}""", description: "Reads the mood of a text.")));
        Assert.NotEqual(announced, SkillAnnouncements.Fingerprint(Skills("""{"type":"object"}""", example: "how do people feel")));
        Assert.NotEqual(announced, SkillAnnouncements.Fingerprint([]));
    }

    [Fact]
    public void A_confirmed_announcement_is_skipped_for_a_minute_then_compared_again()
    {
        var clock = new Clock { Now = Start };
        var announcements = new SkillAnnouncements(clock);
        var fingerprint = SkillAnnouncements.Fingerprint(Skills("""{"type":"object"}"""));
        Assert.False(announcements.IsConfirmed("analyst", fingerprint));

        announcements.Confirm("analyst", fingerprint);
        clock.Now = Start + SkillAnnouncements.Recheck - TimeSpan.FromSeconds(1);
        Assert.True(announcements.IsConfirmed("analyst", fingerprint));
        Assert.False(announcements.IsConfirmed("analyst", fingerprint + 1));
        Assert.False(announcements.IsConfirmed("coder", fingerprint));

        clock.Now = Start + SkillAnnouncements.Recheck;
        Assert.False(announcements.IsConfirmed("analyst", fingerprint));
    }

    private static SkillDescriptor[] Skills(string schema, string description = "Classifies a text's sentiment.", string example = "is this review positive") =>
        [new SkillDescriptor("text.sentiment", description, JsonDocument.Parse(schema).RootElement, UsesLlm: false, Examples: [example])];

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

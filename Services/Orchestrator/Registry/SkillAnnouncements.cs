using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using SutazAI.Contracts.Messages;

namespace SutazAI.Orchestrator.Registry;

/// <summary>
/// The skill announcements already found in the catalog, per agent, as a fingerprint of what its heartbeat said. A
/// heartbeat repeating its agent's last announcement (nearly every one: each instance beats every few seconds) skips
/// reading and comparing the catalog. Every agent is still compared at least once per <see cref="Recheck"/>, so rows
/// changed beneath (a restored database) are put right, and a fingerprint collision lasts a minute at most.
/// </summary>
public sealed class SkillAnnouncements(TimeProvider clock)
{
    public static readonly TimeSpan Recheck = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (int Fingerprint, DateTimeOffset At)> _confirmed = new(StringComparer.Ordinal);

    /// <summary>A hash of everything the catalog keeps of <paramref name="skills"/>, computed without copying them.</summary>
    public static int Fingerprint(IReadOnlyList<SkillDescriptor> skills)
    {
        var hash = new HashCode();
        hash.Add(skills.Count);
        foreach (var skill in skills)
        {
            hash.Add(skill.Capability, StringComparer.Ordinal);
            hash.Add(skill.Description, StringComparer.Ordinal);
            hash.Add(skill.UsesLlm);
            hash.AddBytes(JsonMarshal.GetRawUtf8Value(skill.InputSchema));
            hash.Add(skill.Examples?.Count ?? -1);
            foreach (var example in skill.Examples ?? [])
            {
                hash.Add(example, StringComparer.Ordinal);
            }
        }

        return hash.ToHashCode();
    }

    /// <summary>Whether <paramref name="agent"/>'s announcement was found in the catalog within the last <see cref="Recheck"/>.</summary>
    public bool IsConfirmed(string agent, int fingerprint) =>
        _confirmed.TryGetValue(agent, out var confirmed) && confirmed.Fingerprint == fingerprint && clock.GetUtcNow() - confirmed.At < Recheck;

    /// <summary>After the catalog was compared with (and brought up to) the announcement.</summary>
    public void Confirm(string agent, int fingerprint) => _confirmed[agent] = (fingerprint, clock.GetUtcNow());
}

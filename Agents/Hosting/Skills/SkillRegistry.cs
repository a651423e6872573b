using System.Collections.Frozen;
using SutazAI.Contracts.Messages;

namespace SutazAI.Agents.Hosting.Skills;

/// <summary>The skills of this agent by capability name, built once from the registered <see cref="ISkill"/>s.</summary>
public sealed class SkillRegistry
{
    private readonly FrozenDictionary<string, ISkill> _skills;

    public SkillRegistry(IEnumerable<ISkill> skills)
    {
        var list = skills.ToList();
        var duplicate = list.GroupBy(s => s.Capability, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Capability '{duplicate.Key}' is registered twice.");
        }

        _skills = list.ToFrozenDictionary(s => s.Capability, StringComparer.Ordinal);
        Descriptors = list.Select(s => new SkillDescriptor(s.Capability, s.Description, s.InputSchema, s.UsesLlm, s.Examples)).ToList();
    }

    public IReadOnlyList<SkillDescriptor> Descriptors { get; }

    public bool TryGet(string capability, out ISkill skill) => _skills.TryGetValue(capability, out skill!);
}

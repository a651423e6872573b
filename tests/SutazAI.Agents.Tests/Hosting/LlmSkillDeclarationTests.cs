using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using SutazAI.Agents.Hosting.Skills;

namespace SutazAI.Agents.Tests.Hosting;

/// <summary>
/// Submitting a skill that calls the LLM needs the <c>chat</c> scope, and the orchestrator learns which skills do
/// from <see cref="ISkill.UsesLlm"/>: a skill that is given an LLM client (or the LLM planner) must say so.
/// </summary>
public sealed class LlmSkillDeclarationTests
{
    private static readonly Assembly[] AgentAssemblies =
        [.. new[] { "Analyst", "Chat", "Coder", "Reviewer", "Planner" }.Select(agent => Assembly.Load($"SutazAI.Agents.{agent}"))];

    public static TheoryData<string> Skills()
    {
        var data = new TheoryData<string>();
        foreach (var type in SkillTypes())
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Skills))]
    public void A_skill_declares_it_uses_the_LLM_exactly_when_it_is_given_one(string skillType)
    {
        var type = SkillTypes().Single(t => t.FullName == skillType);
        var givenLlm = type.GetConstructors().SelectMany(c => c.GetParameters())
            .Any(p => p.ParameterType == typeof(IChatClient) || p.ParameterType.Name == "LlmPlanner");
        var skill = (ISkill)RuntimeHelpers.GetUninitializedObject(type);
        Assert.Equal(givenLlm, skill.UsesLlm);
    }

    [Fact]
    public void Every_agent_with_an_LLM_skill_is_covered()
    {
        var declared = SkillTypes().Select(t => (ISkill)RuntimeHelpers.GetUninitializedObject(t)).Where(s => s.UsesLlm).Select(s => s.Capability).Order();
        Assert.Equal(["chat.message", "code.generate", "code.review", "plan.create"], declared);
    }

    private static IEnumerable<Type> SkillTypes() =>
        AgentAssemblies.SelectMany(a => a.GetTypes()).Where(t => !t.IsAbstract && typeof(ISkill).IsAssignableFrom(t));
}

using System.Text.Json;
using SutazAI.Agents.Planner.Planning;

namespace SutazAI.Agents.Tests.Planner;

public class PlannerTests
{
    private static readonly KnownCapability[] Capabilities =
    [
        new("text.summary", "Summarizes a text.", JsonDocument.Parse("""{"type":"object"}""").RootElement),
        new("text.keywords", "Finds key words.", JsonDocument.Parse("""{"type":"object"}""").RootElement),
    ];

    [Fact]
    public void A_goal_splits_into_ordered_groups_of_parallel_clauses()
    {
        var groups = GoalClauses.Split("Summarize this text, then find its keywords and detect its language.");
        Assert.Equal(2, groups.Count);
        Assert.Equal(["Summarize this text"], groups[0]);
        Assert.Equal(["find its keywords", "detect its language"], groups[1]);
    }

    [Theory]
    [InlineData("Detect the language; then summarize it. Finally find the mood", 3)]
    [InlineData("find the keywords, the entities and the mood", 1)]
    public void Sequence_words_and_sentences_start_new_groups(string goal, int groups) =>
        Assert.Equal(groups, GoalClauses.Split(goal).Count);

    [Fact]
    public void A_valid_LLM_plan_parses_even_inside_prose()
    {
        var (plan, errors) = LlmPlanner.Parse("""
            Here is the plan:
            {"name":"p","steps":[{"id":"a","capability":"text.summary","input":{"text":"${input.text}"}},
                                 {"id":"b","capability":"text.keywords","input":{"text":"${steps.a.result.summary}"},"dependsOn":["a"]}]}
            """, Capabilities);
        Assert.Empty(errors);
        Assert.Equal(["a", "b"], plan!.Steps.Select(s => s.Id));
        Assert.Equal(["a"], plan.Steps[1].DependsOn);
    }

    [Theory]
    [InlineData("no json here", "no JSON")]
    [InlineData("""{"steps":[{"id":"a","capability":"text.teleport","input":{}}]}""", "unknown capability")]
    [InlineData("""{"steps":[{"id":"a","capability":"text.summary","input":{},"dependsOn":["z"]}]}""", "unknown step")]
    [InlineData("""{"steps":[{"id":"a","capability":"text.summary","input":{}},{"id":"a","capability":"text.summary","input":{}}]}""", "repeated")]
    [InlineData("""{"steps": [} """, "does not parse")]
    public void An_invalid_LLM_plan_is_refused_with_the_reason(string answer, string reason)
    {
        var (plan, errors) = LlmPlanner.Parse(answer, Capabilities);
        Assert.Null(plan);
        Assert.Contains(errors, e => e.Contains(reason, StringComparison.Ordinal));
    }
}

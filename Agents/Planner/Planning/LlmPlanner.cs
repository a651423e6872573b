using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace SutazAI.Agents.Planner.Planning;

/// <summary>Asks the LLM for a plan as JSON in the workflow shape, checks it, and gives it one repair round.</summary>
public sealed class LlmPlanner(IChatClient llm)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The plan, or null when the LLM's answer stayed invalid after the repair round (the errors say why).</summary>
    public async Task<(Plan? Plan, IReadOnlyList<string> Errors)> PlanAsync(string goal, IReadOnlyList<KnownCapability> capabilities, CancellationToken cancellationToken)
    {
        List<ChatMessage> conversation =
        [
            new(ChatRole.System, SystemPrompt(capabilities)),
            new(ChatRole.User, $"Goal: {goal}"),
        ];

        for (var round = 0; round < 2; round++)
        {
            var answer = await llm.GetResponseAsync(conversation, new ChatOptions { Temperature = 0 }, cancellationToken);
            var (plan, errors) = Parse(answer.Text, capabilities);
            if (plan is not null)
            {
                return (plan, []);
            }

            if (round == 1)
            {
                return (null, errors);
            }

            conversation.Add(new ChatMessage(ChatRole.Assistant, answer.Text));
            conversation.Add(new ChatMessage(ChatRole.User, $"That plan is invalid: {string.Join("; ", errors)}. Reply with the corrected JSON only."));
        }

        return (null, ["no answer"]);
    }

    public static (Plan? Plan, IReadOnlyList<string> Errors) Parse(string answer, IReadOnlyList<KnownCapability> capabilities)
    {
        var json = answer.Trim();
        var start = json.IndexOf('{', StringComparison.Ordinal);
        var end = json.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return (null, ["the answer holds no JSON object"]);
        }

        Plan? plan;
        try
        {
            plan = JsonSerializer.Deserialize<Plan>(json[start..(end + 1)], Json);
        }
        catch (JsonException ex)
        {
            return (null, [$"the JSON does not parse: {ex.Message}"]);
        }

        var errors = new List<string>();
        if (plan?.Steps is not { Count: > 0 })
        {
            return (null, ["the plan has no steps"]);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in plan.Steps)
        {
            if (string.IsNullOrWhiteSpace(step.Id) || !ids.Add(step.Id))
            {
                errors.Add($"step id '{step.Id}' is missing or repeated");
            }

            if (capabilities.All(c => c.Name != step.Capability))
            {
                errors.Add($"step '{step.Id}' uses unknown capability '{step.Capability}'");
            }

            if (step.Input.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"step '{step.Id}' needs an input object");
            }
        }

        foreach (var step in plan.Steps)
        {
            foreach (var dependency in step.DependsOn ?? [])
            {
                if (!ids.Contains(dependency))
                {
                    errors.Add($"step '{step.Id}' depends on unknown step '{dependency}'");
                }
            }
        }

        return errors.Count == 0 ? (plan with { Steps = plan.Steps.Select(s => s with { DependsOn = s.DependsOn ?? [] }).ToList() }, []) : (null, errors);
    }

    private static string SystemPrompt(IReadOnlyList<KnownCapability> capabilities)
    {
        var prompt = new StringBuilder("""
            You plan workflows for SutazAI. Reply with one JSON object only, no prose:
            {"name": "...", "steps": [{"id": "short-id", "capability": "...", "input": {...}, "dependsOn": ["id", ...]}]}
            A step input may use "${input.text}" for the workflow's text, or "${steps.<id>.result.<field>}" for an earlier
            step's output; a step must list in dependsOn every step it reads. Independent steps should not depend on each other.
            Capabilities (name: description; input schema):
            """);
        foreach (var capability in capabilities)
        {
            prompt.AppendLine().Append($"- {capability.Name}: {capability.Description}; input {capability.InputSchema.GetRawText()}");
        }

        return prompt.ToString();
    }
}

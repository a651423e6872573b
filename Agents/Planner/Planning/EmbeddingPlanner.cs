using System.Text.Json;
using SutazAI.Agents.Hosting.Skills;
using SutazAI.Contracts;

namespace SutazAI.Agents.Planner.Planning;

/// <summary>
/// Plans without an LLM: each clause of the goal is mapped to the text capability whose description is closest
/// (MiniLM embeddings); clause groups run in order, clauses of a group in parallel. A step reads the text its
/// group was given: the workflow's <c>input.text</c>, or the text output of the group before (a summary, a reply).
/// </summary>
public sealed class EmbeddingPlanner(PlatformDirectory directory)
{
    public const double MinimumSimilarity = 0.2;

    /// <summary>Capabilities whose result is text a later step can read, and the field that holds it.</summary>
    private static readonly Dictionary<string, string> TextOutputs = new(StringComparer.Ordinal)
    {
        ["text.summary"] = "summary",
        ["chat.message"] = "reply",
    };

    public async Task<Plan> PlanAsync(string goal, IReadOnlyList<KnownCapability> catalogue, CancellationToken cancellationToken)
    {
        var groups = GoalClauses.Split(goal);
        if (groups.Count == 0)
        {
            throw new SkillInputException("The goal has no clause to plan.");
        }

        var capabilities = catalogue.Where(TakesText).ToList();
        if (capabilities.Count == 0)
        {
            throw new SkillInputException("No capability in the catalogue reads text.");
        }

        var clauses = groups.SelectMany(g => g).ToList();
        var vectors = await directory.EmbedAsync([.. clauses, .. capabilities.Select(c => c.Description)], cancellationToken);

        var steps = new List<PlannedStep>();
        var previous = new List<string>();
        var textSource = "${input.text}";
        var clauseIndex = 0;
        foreach (var group in groups)
        {
            var current = new List<(string Id, string Capability)>();
            foreach (var clause in group)
            {
                var vector = vectors[clauseIndex++];
                var ranked = capabilities
                    .Select((c, i) => (Capability: c, Similarity: Embeddings.Similarity(vector, vectors[clauses.Count + i])))
                    .OrderByDescending(r => r.Similarity)
                    .ToList();
                if (ranked[0].Similarity < MinimumSimilarity)
                {
                    throw new SkillInputException($"Could not map '{clause}' to a capability (closest: {ranked[0].Capability.Name}, similarity {ranked[0].Similarity:F2}).");
                }

                var capability = ranked[0].Capability.Name;
                if (current.Any(c => c.Capability == capability))
                {
                    continue;
                }

                var id = $"{capability.Replace('.', '-')}-{steps.Count + 1}";
                var input = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["text"] = textSource });
                steps.Add(new PlannedStep(id, capability, input, [.. previous]));
                current.Add((id, capability));
            }

            if (current.FirstOrDefault(c => TextOutputs.ContainsKey(c.Capability)) is { Id: not null } producer)
            {
                textSource = $"${{steps.{producer.Id}.result.{TextOutputs[producer.Capability]}}}";
            }

            previous = current.Select(c => c.Id).ToList();
        }

        return new Plan(goal.Length > 80 ? goal[..80] : goal, steps);
    }

    /// <summary>Capabilities this planner can wire: their input needs a <c>text</c> and nothing else.</summary>
    private static bool TakesText(KnownCapability capability) =>
        capability.InputSchema.TryGetProperty("required", out var required)
        && required.ValueKind == JsonValueKind.Array
        && required.EnumerateArray().Select(r => r.GetString()).SequenceEqual(["text"]);
}

using System.Text.Json;
using System.Text.RegularExpressions;
using SutazAI.Contracts.Workflows;
using SutazAI.Orchestrator.Registry;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.Workflows;

/// <summary>
/// Checks a workflow before anything is stored: step count, ids, known capabilities, dependencies that exist,
/// no cycle, references only to the workflow input or to steps the step depends on (directly or not), and
/// inputs without references against their skill's schema.
/// </summary>
public sealed partial class WorkflowValidator(CapabilityCatalog catalog)
{
    public const int MaxSteps = 100;
    public const int MaxNameLength = 200;
    public const int MaxRetries = 5;

    /// <summary>Why <paramref name="submitter"/> may not run one of the (valid) workflow's steps, or null when it may run all.</summary>
    public async Task<string?> RefusalAsync(SubmitWorkflowRequest request, Submitter submitter, CancellationToken cancellationToken)
    {
        foreach (var step in request.Steps ?? [])
        {
            foreach (var offer in await catalog.FindAsync(step.Capability!, cancellationToken))
            {
                if (submitter.Refuses(offer) is { } refusal)
                {
                    return $"Step '{step.Id}': {refusal}";
                }
            }
        }

        return null;
    }

    public async Task<Dictionary<string, string[]>> ValidateAsync(SubmitWorkflowRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string key, string message) => (errors.TryGetValue(key, out var list) ? list : errors[key] = []).Add(message);

        var steps = request.Steps ?? [];
        if (steps.Count == 0)
        {
            Add("steps", "A workflow needs at least one step.");
        }

        if (steps.Count > MaxSteps)
        {
            Add("steps", $"A workflow has at most {MaxSteps} steps; this one has {steps.Count}.");
            return Freeze(errors);
        }

        if (request.Name is { Length: > MaxNameLength })
        {
            Add("name", $"The name is at most {MaxNameLength} characters.");
        }

        if (request.Input is { } input && input.ValueKind != JsonValueKind.Object)
        {
            Add("input", "The workflow input must be a JSON object.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var key = $"steps[{i}]";
            if (step.Id is null || !StepId().IsMatch(step.Id))
            {
                Add(key, "The id is required: 1-64 letters, digits, '-' or '_'.");
            }
            else if (!ids.Add(step.Id))
            {
                Add(key, $"The id '{step.Id}' is used twice.");
            }

            if (string.IsNullOrWhiteSpace(step.Capability))
            {
                Add(key, "The capability is required.");
            }
            else if ((await catalog.FindAsync(step.Capability, cancellationToken)).Count == 0)
            {
                Add(key, $"Unknown capability '{step.Capability}'.");
            }

            if (step.Input is not { ValueKind: JsonValueKind.Object })
            {
                Add(key, "The input is required and must be a JSON object.");
            }

            if (step.Retries is < 0 or > MaxRetries)
            {
                Add(key, $"retries is between 0 and {MaxRetries}.");
            }
        }

        foreach (var (step, i) in steps.Select((s, i) => (s, i)))
        {
            foreach (var dependency in step.DependsOn ?? [])
            {
                if (!ids.Contains(dependency))
                {
                    Add($"steps[{i}]", $"dependsOn names '{dependency}', which is not a step.");
                }
                else if (dependency == step.Id)
                {
                    Add($"steps[{i}]", "A step cannot depend on itself.");
                }
            }
        }

        if (errors.Count > 0)
        {
            return Freeze(errors);
        }

        if (FindCycle(steps) is { } cycle)
        {
            Add("steps", $"The steps form a cycle: {string.Join(" -> ", cycle)}.");
            return Freeze(errors);
        }

        var ancestors = Ancestors(steps);
        var workflowInput = StepTemplates.Parse(request.Input);
        foreach (var (step, i) in steps.Select((s, i) => (s, i)))
        {
            var template = StepTemplates.Parse(step.Input);
            var references = StepTemplates.Find(template).Take(StepTemplates.MaxReferencesPerStep + 1).ToList();
            if (references.Count > StepTemplates.MaxReferencesPerStep)
            {
                Add($"steps[{i}]", $"A step's input holds at most {StepTemplates.MaxReferencesPerStep} references.");
                continue;
            }

            if (StepTemplates.ResolvedLengthOfInputReferences(template, workflowInput) > StepTemplates.MaxResolvedLength)
            {
                Add($"steps[{i}]", $"With the workflow's input in place, the step's input would exceed {StepTemplates.MaxResolvedLength:N0} characters.");
                continue;
            }

            foreach (var (reference, text) in references)
            {
                if (reference is null)
                {
                    Add($"steps[{i}]", $"'{text}' is not a reference; use ${{input.x}} or ${{steps.<id>.result.x}}.");
                }
                else if (reference.Source == "steps" && !ancestors[step.Id!].Contains(reference.StepId!))
                {
                    Add($"steps[{i}]", ids.Contains(reference.StepId!)
                        ? $"'{text}' refers to step '{reference.StepId}', which this step does not depend on."
                        : $"'{text}' refers to step '{reference.StepId}', which does not exist (dangling reference).");
                }
            }

            if (references.Count == 0 && step.Input is { } stepInput)
            {
                var offer = (await catalog.FindAsync(step.Capability!, cancellationToken))[0];
                foreach (var violation in InputValidator.Validate(offer.Schema, stepInput))
                {
                    Add($"steps[{i}]", $"input {violation}");
                }
            }
        }

        return Freeze(errors);
    }

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray());

    /// <summary>Kahn's algorithm; when some steps are never freed, walk one of them back to show the loop.</summary>
    private static List<string>? FindCycle(IReadOnlyList<WorkflowStepRequest> steps)
    {
        var remaining = steps.ToDictionary(s => s.Id!, s => new HashSet<string>(s.DependsOn ?? []));
        bool progress;
        do
        {
            var free = remaining.Where(pair => pair.Value.Count == 0).Select(pair => pair.Key).ToList();
            progress = free.Count > 0;
            foreach (var id in free)
            {
                remaining.Remove(id);
                foreach (var deps in remaining.Values)
                {
                    deps.Remove(id);
                }
            }
        }
        while (progress && remaining.Count > 0);

        if (remaining.Count == 0)
        {
            return null;
        }

        var path = new List<string>();
        var current = remaining.Keys.First();
        while (!path.Contains(current))
        {
            path.Add(current);
            current = remaining[current].First();
        }

        path.Add(current);
        return path[path.IndexOf(current)..];
    }

    private static Dictionary<string, HashSet<string>> Ancestors(IReadOnlyList<WorkflowStepRequest> steps)
    {
        var direct = steps.ToDictionary(s => s.Id!, s => (IReadOnlyList<string>)(s.DependsOn ?? []));
        var result = new Dictionary<string, HashSet<string>>();
        HashSet<string> Of(string id)
        {
            if (result.TryGetValue(id, out var known))
            {
                return known;
            }

            var all = new HashSet<string>();
            foreach (var parent in direct[id])
            {
                all.Add(parent);
                all.UnionWith(Of(parent));
            }

            return result[id] = all;
        }

        foreach (var id in direct.Keys)
        {
            Of(id);
        }

        return result;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex StepId();
}

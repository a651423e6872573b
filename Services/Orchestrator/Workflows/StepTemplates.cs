using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SutazAI.Orchestrator.Workflows;

/// <summary>
/// References in step inputs: <c>${input.path}</c> and <c>${steps.id.result.path}</c>. A string that is exactly one
/// reference becomes the referenced JSON value (any type); a reference inside a longer string is replaced by its text.
/// A step holds at most <see cref="MaxReferencesPerStep"/> references and resolves to at most
/// <see cref="MaxResolvedLength"/> characters, so a few bytes of template cannot ask for gigabytes.
/// </summary>
public static partial class StepTemplates
{
    public const int MaxReferencesPerStep = 100;
    public const int MaxResolvedLength = 1024 * 1024;

    public sealed record Reference(string Source, string? StepId, IReadOnlyList<string> Path);

    /// <summary>
    /// How long the step's input would be with its <c>${input...}</c> references resolved (step results are not known
    /// before the workflow runs), for the check at submission; references that point at nothing count as empty.
    /// </summary>
    public static long ResolvedLengthOfInputReferences(JsonNode? stepInput, JsonNode? workflowInput)
    {
        long length = stepInput?.ToJsonString().Length ?? 0;
        foreach (var (reference, text) in Find(stepInput))
        {
            if (reference is { Source: "input" })
            {
                try
                {
                    length += Lookup(reference, text, workflowInput, new Dictionary<string, JsonNode?>())?.ToJsonString().Length ?? 0;
                }
                catch (InvalidOperationException)
                {
                    // Resolution at dispatch reports it.
                }
            }

            if (length > MaxResolvedLength)
            {
                break;
            }
        }

        return length;
    }

    /// <summary>Every reference in an input, for validation.</summary>
    public static IEnumerable<(Reference? Reference, string Text)> Find(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => Pattern().Matches(text).Select(m => (Parse(m.Groups[1].Value), m.Value)),
        JsonObject obj => obj.SelectMany(pair => Find(pair.Value)),
        JsonArray array => array.SelectMany(Find),
        _ => [],
    };

    /// <summary>
    /// The input with every reference replaced; throws <see cref="InvalidOperationException"/> when one points at
    /// nothing or the resolved input would exceed <see cref="MaxResolvedLength"/> characters.
    /// </summary>
    public static JsonNode? Resolve(JsonNode? node, JsonNode? workflowInput, IReadOnlyDictionary<string, JsonNode?> stepResults) =>
        Resolve(node, workflowInput, stepResults, new Budget());

    /// <summary>Characters resolved so far for one step; resolution stops as soon as they exceed the limit.</summary>
    private sealed class Budget
    {
        private long _used;

        public JsonNode? Spend(JsonNode? value, string text)
        {
            _used += value?.ToJsonString().Length ?? 0;
            return _used > MaxResolvedLength
                ? throw new InvalidOperationException($"'{text}': the resolved input would exceed {MaxResolvedLength:N0} characters.")
                : value;
        }
    }

    private static JsonNode? Resolve(JsonNode? node, JsonNode? workflowInput, IReadOnlyDictionary<string, JsonNode?> stepResults, Budget budget) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => ResolveString(text, workflowInput, stepResults, budget),
        JsonObject obj => new JsonObject(obj.Select(pair => KeyValuePair.Create(pair.Key, Resolve(pair.Value, workflowInput, stepResults, budget)))),
        JsonArray array => new JsonArray([.. array.Select(item => Resolve(item, workflowInput, stepResults, budget))]),
        _ => node?.DeepClone(),
    };

    private static JsonNode? ResolveString(string text, JsonNode? workflowInput, IReadOnlyDictionary<string, JsonNode?> stepResults, Budget budget)
    {
        var whole = Pattern().Match(text);
        if (whole.Success && whole.Length == text.Length)
        {
            return budget.Spend(Lookup(Parse(whole.Groups[1].Value), whole.Value, workflowInput, stepResults), whole.Value)?.DeepClone();
        }

        return JsonValue.Create(Pattern().Replace(text, match =>
        {
            var value = budget.Spend(Lookup(Parse(match.Groups[1].Value), match.Value, workflowInput, stepResults), match.Value);
            return value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
        }));
    }

    private static JsonNode? Lookup(Reference? reference, string text, JsonNode? workflowInput, IReadOnlyDictionary<string, JsonNode?> stepResults)
    {
        if (reference is null)
        {
            throw new InvalidOperationException($"'{text}' is not a valid reference.");
        }

        var current = reference.Source == "input"
            ? workflowInput
            : stepResults.TryGetValue(reference.StepId!, out var result) ? result : throw new InvalidOperationException($"'{text}': step '{reference.StepId}' has no result.");
        foreach (var segment in reference.Path)
        {
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(segment, out var child) => child,
                JsonArray array when int.TryParse(segment, out var index) && index >= 0 && index < array.Count => array[index],
                _ => throw new InvalidOperationException($"'{text}': nothing at '{segment}'."),
            };
        }

        return current;
    }

    /// <summary><c>input.a.b</c> or <c>steps.x.result.a</c>; null when the shape is wrong.</summary>
    private static Reference? Parse(string expression)
    {
        var parts = expression.Split('.');
        if (parts[0] == "input")
        {
            return new Reference("input", null, parts[1..]);
        }

        return parts.Length >= 3 && parts[0] == "steps" && parts[2] == "result" && parts[1].Length > 0
            ? new Reference("steps", parts[1], parts[3..])
            : null;
    }

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex Pattern();

    public static JsonNode? Parse(JsonElement? element) => element is { } e ? JsonNode.Parse(e.GetRawText()) : null;
}

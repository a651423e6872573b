using System.Text.Json;
using Json.Schema;

namespace SutazAI.Orchestrator.Registry;

/// <summary>Checks a task's input against its skill's JSON Schema and lists every violation.</summary>
public static class InputValidator
{
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    public static IReadOnlyList<string> Validate(JsonSchema schema, JsonElement input)
    {
        var results = schema.Evaluate(input, Options);
        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is null)
            {
                continue;
            }

            foreach (var (keyword, message) in detail.Errors)
            {
                var location = detail.InstanceLocation.ToString();
                errors.Add($"{(location.Length == 0 ? "/" : location)}: {message} ({keyword})");
            }
        }

        if (errors.Count == 0 && results.Errors is not null)
        {
            errors.AddRange(results.Errors.Select(e => $"/: {e.Value} ({e.Key})"));
        }

        return errors.Count > 0 ? errors.Distinct().ToList() : ["The input does not match the capability's schema."];
    }
}

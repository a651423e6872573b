using System.Text.Json;
using System.Text.Json.Nodes;

namespace SutazAI.Web.Rendering;

/// <summary>The fields of one capability's input: checked together, turned into the input object, and told the server's answer.</summary>
public sealed class SchemaForm(IReadOnlyList<SchemaField> fields)
{
    public IReadOnlyList<SchemaField> Fields { get; } = fields;

    /// <summary>Errors of the server's problem that belong to no field.</summary>
    public List<string> OtherErrors { get; } = [];

    public static SchemaForm For(JsonElement schema) => new(SchemaField.FromSchema(schema));

    /// <summary>True when every field passes its schema's limits.</summary>
    public bool Validate()
    {
        OtherErrors.Clear();
        return Fields.Select(f => f.Validate()).ToList().All(error => error is null);
    }

    public JsonElement ToInput()
    {
        if (Fields is [{ Kind: FieldKind.Json, Name: "input" } whole] && whole.ToJson() is { } node)
        {
            return JsonSerializer.SerializeToElement(node);
        }

        var input = new JsonObject();
        foreach (var field in Fields)
        {
            if (field.ToJson() is { } value)
            {
                input[field.Name] = value;
            }
        }

        return JsonSerializer.SerializeToElement(input);
    }

    /// <summary>
    /// Places a 400 problem's errors under their fields: the orchestrator reports schema errors as
    /// <c>"/field: message (keyword)"</c> under <c>input</c>, and its own checks under <c>input.field</c>.
    /// </summary>
    public void ShowProblem(IReadOnlyDictionary<string, string[]> errors)
    {
        OtherErrors.Clear();
        foreach (var (key, messages) in errors)
        {
            foreach (var message in messages)
            {
                var (name, text) = key.StartsWith("input.", StringComparison.Ordinal)
                    ? (key["input.".Length..], message)
                    : message.StartsWith('/') && message.IndexOf(':', StringComparison.Ordinal) is > 1 and var colon
                        ? (message[1..colon].Split('/')[0], message[(colon + 1)..].Trim())
                        : (null, message);
                if (Fields.FirstOrDefault(f => f.Name == name) is { } field)
                {
                    field.Error = field.Error is null ? text : $"{field.Error} {text}";
                }
                else
                {
                    OtherErrors.Add(key is "input" or "" ? message : $"{key}: {message}");
                }
            }
        }
    }
}

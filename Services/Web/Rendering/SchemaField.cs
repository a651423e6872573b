using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SutazAI.Web.Rendering;

/// <summary>What a form field edits: one property of a capability's input schema.</summary>
public enum FieldKind
{
    Text,
    LongText,
    Choice,
    WholeNumber,
    Number,
    Boolean,
    Json,
}

/// <summary>
/// One property of a JSON Schema object as a form field, with the schema's limits checked before anything is sent
/// (the server validates again; its answer is shown per field too).
/// </summary>
public sealed class SchemaField
{
    private const int LongTextFrom = 300;

    public required string Name { get; init; }

    public required FieldKind Kind { get; init; }

    public bool Required { get; init; }

    public string? Description { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public string? Pattern { get; init; }

    public string? Format { get; init; }

    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>What the person typed (text, a number as text, JSON); booleans use <see cref="Checked"/>.</summary>
    public string Value { get; set; } = "";

    public bool Checked { get; set; }

    /// <summary>The message shown under the field: the form's own check, or the server's.</summary>
    public string? Error { get; set; }

    public string Label => Name;

    /// <summary>The fields of an object schema, required ones first; a schema that is not an object gives one JSON field.</summary>
    public static IReadOnlyList<SchemaField> FromSchema(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return [new SchemaField { Name = "input", Kind = FieldKind.Json, Required = true, Description = "The whole input as JSON." }];
        }

        var required = schema.TryGetProperty("required", out var names) && names.ValueKind == JsonValueKind.Array
            ? names.EnumerateArray().Select(n => n.GetString()).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        return [.. properties.EnumerateObject()
            .Select(p => From(p.Name, p.Value, required.Contains(p.Name)))
            .OrderByDescending(f => f.Required)];
    }

    private static SchemaField From(string name, JsonElement property, bool required)
    {
        var type = String(property, "type");
        var choices = property.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array
            ? values.EnumerateArray().Select(v => v.ToString()).ToList()
            : [];
        var maxLength = Int(property, "maxLength");
        var kind = choices.Count > 0 ? FieldKind.Choice : type switch
        {
            "string" => maxLength is null or >= LongTextFrom ? FieldKind.LongText : FieldKind.Text,
            "integer" => FieldKind.WholeNumber,
            "number" => FieldKind.Number,
            "boolean" => FieldKind.Boolean,
            _ => FieldKind.Json,
        };
        var field = new SchemaField
        {
            Name = name,
            Kind = kind,
            Required = required,
            Description = String(property, "description"),
            MinLength = Int(property, "minLength"),
            MaxLength = maxLength,
            Minimum = Double(property, "minimum"),
            Maximum = Double(property, "maximum"),
            Pattern = String(property, "pattern"),
            Format = String(property, "format"),
            Choices = choices,
        };
        if (property.TryGetProperty("default", out var fallback))
        {
            field.Value = fallback.ValueKind == JsonValueKind.String ? fallback.GetString()! : fallback.GetRawText();
            field.Checked = fallback.ValueKind == JsonValueKind.True;
        }

        return field;
    }

    /// <summary>Checks the value against the schema's limits; sets and returns <see cref="Error"/>.</summary>
    public string? Validate()
    {
        Error = Check();
        return Error;
    }

    private string? Check()
    {
        if (Kind == FieldKind.Boolean)
        {
            return null;
        }

        if (Value.Length == 0)
        {
            return Required ? "Required." : null;
        }

        switch (Kind)
        {
            case FieldKind.WholeNumber or FieldKind.Number:
                var parsed = Kind == FieldKind.WholeNumber
                    ? long.TryParse(Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? whole : (double?)null
                    : double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) ? real : null;
                if (parsed is not { } number)
                {
                    return Kind == FieldKind.WholeNumber ? "A whole number." : "A number.";
                }

                if (number < Minimum || number > Maximum)
                {
                    return $"Between {Minimum?.ToString(CultureInfo.InvariantCulture) ?? "-∞"} and {Maximum?.ToString(CultureInfo.InvariantCulture) ?? "∞"}.";
                }

                return null;
            case FieldKind.Json:
                try
                {
                    JsonNode.Parse(Value);
                    return null;
                }
                catch (JsonException ex)
                {
                    return $"Not valid JSON: {ex.Message}";
                }

            case FieldKind.Choice:
                return Choices.Contains(Value) ? null : $"One of: {string.Join(", ", Choices)}.";
        }

        var length = new StringInfoLength(Value).Length;
        if (length < MinLength)
        {
            return $"At least {MinLength} characters.";
        }

        if (length > MaxLength)
        {
            return $"At most {MaxLength:N0} characters (now {length:N0}).";
        }

        if (Format == "uuid" && !Guid.TryParse(Value, out _))
        {
            return "An id like 3f2b8c1e-0c1d-4d7a-9a57-2b1f3c4d5e6f.";
        }

        if (Pattern is not null && !Regex.IsMatch(Value, Pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100)))
        {
            return $"Must match {Pattern}.";
        }

        return null;
    }

    /// <summary>The value as JSON, or null when the field is empty and may be left out.</summary>
    public JsonNode? ToJson() => Kind switch
    {
        FieldKind.Boolean => JsonValue.Create(Checked),
        _ when Value.Length == 0 => null,
        FieldKind.WholeNumber => JsonValue.Create(long.Parse(Value, CultureInfo.InvariantCulture)),
        FieldKind.Number => JsonValue.Create(double.Parse(Value, CultureInfo.InvariantCulture)),
        FieldKind.Json => JsonNode.Parse(Value),
        _ => JsonValue.Create(Value),
    };

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static double? Double(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>JSON Schema counts characters as code points, not UTF-16 units.</summary>
    private readonly record struct StringInfoLength(string Text)
    {
        public int Length => Text.EnumerateRunes().Count();
    }
}

using System.Text.Json;
using Microsoft.Kiota.Abstractions.Serialization;

namespace SutazAI.Client.Json;

/// <summary>
/// Task inputs and results are any JSON; the generated models hold them as Kiota's <see cref="UntypedNode"/>. These
/// convert both ways, so a program works with <see cref="JsonElement"/> or its own types instead.
/// </summary>
public static class UntypedJson
{
    /// <summary>Any serialisable value (an anonymous object, a record, a <see cref="JsonElement"/>) as an untyped node.</summary>
    public static UntypedNode From(object? value) =>
        FromElement(value is JsonElement element ? element : JsonSerializer.SerializeToElement(value, JsonSerializerOptions.Web));

    public static UntypedNode FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new UntypedObject(element.EnumerateObject().ToDictionary(p => p.Name, p => FromElement(p.Value))),
        JsonValueKind.Array => new UntypedArray([.. element.EnumerateArray().Select(FromElement)]),
        JsonValueKind.String => new UntypedString(element.GetString()),
        JsonValueKind.Number when element.TryGetInt64(out var whole) => new UntypedLong(whole),
        JsonValueKind.Number => new UntypedDouble(element.GetDouble()),
        JsonValueKind.True => new UntypedBoolean(true),
        JsonValueKind.False => new UntypedBoolean(false),
        _ => new UntypedNull(),
    };

    /// <summary>An untyped node (a task's result) as JSON; <c>null</c> JSON for a missing node.</summary>
    public static JsonElement ToElement(this UntypedNode? node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>An untyped node read as <typeparamref name="T"/> (web naming: camelCase, case-insensitive).</summary>
    public static T? As<T>(this UntypedNode? node) => node.ToElement().Deserialize<T>(JsonSerializerOptions.Web);

    private static void Write(Utf8JsonWriter writer, UntypedNode? node)
    {
        switch (node)
        {
            case UntypedObject item:
                writer.WriteStartObject();
                foreach (var (name, value) in item.GetValue())
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case UntypedArray list:
                writer.WriteStartArray();
                foreach (var value in list.GetValue())
                {
                    Write(writer, value);
                }

                writer.WriteEndArray();
                break;
            case UntypedString text when text.GetValue() is { } value:
                writer.WriteStringValue(value);
                break;
            case UntypedBoolean flag:
                writer.WriteBooleanValue(flag.GetValue());
                break;
            case UntypedInteger number:
                writer.WriteNumberValue(number.GetValue());
                break;
            case UntypedLong number:
                writer.WriteNumberValue(number.GetValue());
                break;
            case UntypedDouble number:
                writer.WriteNumberValue(number.GetValue());
                break;
            case UntypedFloat number:
                writer.WriteNumberValue(number.GetValue());
                break;
            case UntypedDecimal number:
                writer.WriteNumberValue(number.GetValue());
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions.Serialization;
using Spectre.Console;
using SutazAI.Cli.Settings;

namespace SutazAI.Cli.Terminal;

/// <summary>Writes a command's answer: the API's JSON as is for <c>--output json</c>, indented JSON for people.</summary>
public static class Output
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<string> JsonOfAsync<T>(T value)
        where T : IParsable => await KiotaJsonSerializer.SerializeAsStringAsync(value, serializeOnlyChangedValues: false).ConfigureAwait(false);

    public static async Task<string> JsonOfAsync<T>(IEnumerable<T> values)
        where T : IParsable => await KiotaJsonSerializer.SerializeAsStringAsync(values, serializeOnlyChangedValues: false).ConfigureAwait(false);

    /// <summary>For scripts: one JSON document on standard output, nothing else.</summary>
    public static void WriteJson(string json) => System.Console.Out.WriteLine(json);

    /// <summary>A value of the CLI's own (not the API's) as compact JSON, camelCase, without needless escapes.</summary>
    public static string Json(object value) => JsonSerializer.Serialize(value, Compact);

    public static string Pretty(string json) => JsonNode.Parse(json)?.ToJsonString(Indented) ?? "null";

    public static string Pretty(JsonElement json) => JsonSerializer.Serialize(json, Indented);

    /// <summary>The answer as JSON (scripts) or as <paramref name="forPeople"/> renders it.</summary>
    public static async Task WriteAsync<T>(CliSession session, T value, Action<T> forPeople)
        where T : IParsable
    {
        if (session.Json)
        {
            WriteJson(await JsonOfAsync(value).ConfigureAwait(false));
        }
        else
        {
            forPeople(value);
        }
    }

    public static async Task WriteAsync<T>(CliSession session, List<T> values, Action<List<T>> forPeople)
        where T : IParsable
    {
        if (session.Json)
        {
            WriteJson(await JsonOfAsync(values).ConfigureAwait(false));
        }
        else
        {
            forPeople(values);
        }
    }

    public static void Line(this IAnsiConsole console, string text) => console.MarkupLine(Markup.Escape(text));
}

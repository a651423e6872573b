using System.Text.Json;
using System.Text.Json.Serialization;

namespace SutazAI.Client.Streams;

/// <summary>How the platform writes stream events: camelCase, enums by name.</summary>
internal static class StreamJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}

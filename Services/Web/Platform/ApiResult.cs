using System.Net;
using System.Text.Json;

namespace SutazAI.Web.Platform;

/// <summary>A problem the gateway answered with (RFC 9457), with the field-by-field errors of a validation problem.</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public string Message => string.IsNullOrEmpty(Detail) ? Title : $"{Title}: {Detail}";

    /// <summary>The message followed by every field's errors, for a form that shows the problem in one place.</summary>
    public string MessageWithErrors => Errors.Count > 0 ? $"{Message} {string.Join(" ", Errors.SelectMany(e => e.Value))}" : Message;

    public static async Task<ApiProblem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var fallback = new ApiProblem(status, response.ReasonPhrase ?? $"HTTP {status}", null, new Dictionary<string, string[]>());
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in fields.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? [.. field.Value.EnumerateArray().Select(e => e.ToString())]
                        : [field.Value.ToString()];
                }
            }

            return new ApiProblem(status, Text(root, "title") ?? fallback.Title, Text(root, "detail"), errors);
        }
        catch (JsonException)
        {
            return fallback with { Detail = text.Length > 300 ? text[..300] : text };
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>What a call to the gateway gave: the value, or the problem it answered with.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool Succeeded => Problem is null;
}

public static class ApiResult
{
    public static async Task<ApiResult<T>> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            return new(default, await ApiProblem.ReadAsync(response, cancellationToken));
        }

        if (response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(NoValue))
        {
            return new(default, null);
        }

        return new(await response.Content.ReadFromJsonAsync<T>(GatewayApi.Json, cancellationToken), null);
    }
}

/// <summary>The value of a call that answers nothing (204).</summary>
public sealed record NoValue;

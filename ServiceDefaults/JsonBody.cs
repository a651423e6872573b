using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SutazAI.Contracts;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Reads a JSON request body with precise 4xx problems for every way it can be wrong, so endpoints never
/// see a half-parsed body and clients learn what to fix.
/// </summary>
public static class JsonBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        MaxDepth = 64,
        AllowTrailingCommas = false,
    };

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "Send the body as application/json.",
                type: ProblemTypes.UnsupportedMediaType));
        }

        // Kestrel caps the body (1 MiB), so reading it whole is bounded.
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
        {
            return (null, Invalid("The body is not valid UTF-8."));
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = Options.MaxDepth });
            if (FirstUnstorableText(document.RootElement, "$") is { } where)
            {
                // PostgreSQL cannot keep NUL characters or unpaired surrogates in text or jsonb; refuse them up front.
                return (null, Invalid($"The text at '{where}' contains a NUL character or an unpaired surrogate."));
            }

            var value = document.Deserialize<T>(Options);
            return value is null
                ? (null, Invalid("The body is empty or null; send a JSON object."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Invalid(ex.Path is { Length: > 0 } path
                ? $"The body is not valid JSON for this endpoint at '{path}': {ex.Message.Split(" Path:")[0]}"
                : "The body is not valid JSON."));
        }
        catch (NotSupportedException ex)
        {
            return (null, Invalid(ex.Message));
        }
    }

    /// <summary>The path of the first property name or string value that is not storable text, or null.</summary>
    private static string? FirstUnstorableText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsStorable(element) ? null : path;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsStorable(property))
                    {
                        return path;
                    }

                    if (FirstUnstorableText(property.Value, $"{path}.{property.Name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstUnstorableText(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    // An escaped lone surrogate ("\ud800") makes the reader throw when it decodes the text.
    private static bool IsStorable(JsonElement text)
    {
        try
        {
            return IsStorable(text.GetString()!);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsStorable(JsonProperty property)
    {
        try
        {
            return IsStorable(property.Name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    private static IResult Invalid(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Malformed request body",
        detail: detail,
        type: ProblemTypes.InvalidJson);
}

using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using SutazAI.Contracts;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A JSON request body bound by the framework: declare a <c>JsonBody&lt;T&gt;</c> parameter and the endpoint only runs
/// with a complete, storable value. Every way a body can be wrong is a precise 4xx problem (a
/// <see cref="RequestProblemException"/> the problem-details handler writes), so clients learn what to fix. The body
/// stays readable (rewound) for filters that hash it, such as idempotency.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Minimal APIs bind a parameter type through its static BindAsync and PopulateMetadata.")]
public sealed class JsonBody<T> : IEndpointParameterMetadataProvider
    where T : class
{
    private JsonBody(T value) => Value = value;

    public T Value { get; }

    /// <summary>An optional body (a nullable parameter) may be left out; a sent one is read as strictly as a required one.</summary>
    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var sent = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0;
        if (!sent && new NullabilityInfoContext().Create(parameter).ReadState == NullabilityState.Nullable)
        {
            return null;
        }

        return new(await JsonBody.ReadAsync<T>(context.Request, context.RequestAborted));
    }

    /// <summary>The OpenAPI document learns the body's type and the problems it can cause from the parameter alone.</summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(T)));
        foreach (var status in (int[])[StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType])
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
        }
    }
}

/// <summary>The strict reader behind <see cref="JsonBody{T}"/>.</summary>
public static class JsonBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        MaxDepth = 64,
        AllowTrailingCommas = false,
    };

    /// <summary>Reads the whole body as <typeparamref name="T"/>, or throws the problem that says what is wrong with it.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw new RequestProblemException(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                "Unsupported media type", "Send the body as application/json.");
        }

        // Kestrel caps the body (1 MiB), so reading it whole is bounded.
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        request.Body.Position = 0;
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
        {
            throw Invalid("The body is not valid UTF-8.");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = Options.MaxDepth });
            if (FirstUnstorableText(document.RootElement, "$") is { } where)
            {
                // PostgreSQL cannot keep NUL characters or unpaired surrogates in text or jsonb; refuse them up front.
                throw Invalid($"The text at '{where}' contains a NUL character or an unpaired surrogate.");
            }

            return document.Deserialize<T>(Options) ?? throw Invalid("The body is empty or null; send a JSON object.");
        }
        catch (JsonException ex)
        {
            throw Invalid(ex.Path is { Length: > 0 } path
                ? $"The body is not valid JSON for this endpoint at '{path}': {ex.Message.Split(" Path:")[0]}"
                : "The body is not valid JSON.");
        }
        catch (NotSupportedException ex)
        {
            throw Invalid(ex.Message);
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

    private static RequestProblemException Invalid(string detail) =>
        new(StatusCodes.Status400BadRequest, ProblemTypes.InvalidJson, "Malformed request body", detail);
}

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

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
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

    private static IResult Invalid(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Malformed request body",
        detail: detail,
        type: ProblemTypes.InvalidJson);
}

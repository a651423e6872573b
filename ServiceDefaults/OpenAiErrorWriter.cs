using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SutazAI.Contracts;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Under <c>/v1</c> (the OpenAI-compatible API) a problem is written in OpenAI's error shape,
/// <c>{"error": {"message", "type", "param", "code"}}</c>, with the same status, because OpenAI's SDKs read that
/// shape. One writer for the gateway's own refusals (401, 403, 429...) and the models service's answers alike.
/// </summary>
public sealed class OpenAiErrorWriter : IProblemDetailsWriter
{
    public const string PathPrefix = "/v1";

    public static bool Applies(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    public bool CanWrite(ProblemDetailsContext context) => Applies(context.HttpContext.Request.Path);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        // The same details the default writer would give (a refused body's reason, the platform's problem type).
        context.HttpContext.RequestServices.GetService<IOptions<ProblemDetailsOptions>>()?.Value.CustomizeProblemDetails?.Invoke(context);
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var message = problem.Detail ?? problem.Title ?? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(
            new ErrorResponse(ErrorFor(status, problem.Type, message)), OpenAiErrorJson.Default.ErrorResponse, "application/json"));
    }

    /// <summary>OpenAI's <c>type</c> and <c>code</c> for a status and problem type.</summary>
    public static Error ErrorFor(int status, string? problemType, string message)
    {
        var code = problemType is { Length: > 0 } ? problemType[(problemType.LastIndexOf('/') + 1)..].Replace('-', '_') : null;
        return (status, problemType) switch
        {
            (StatusCodes.Status401Unauthorized, _) => new Error(message, "invalid_request_error", "invalid_api_key"),
            (StatusCodes.Status429TooManyRequests, ProblemTypes.BudgetExhausted) => new Error(message, "insufficient_quota", "insufficient_quota"),
            (StatusCodes.Status429TooManyRequests, _) => new Error(message, "requests", "rate_limit_exceeded"),
            (StatusCodes.Status403Forbidden, _) => new Error(message, "permission_error", code),
            ( >= 500, _) => new Error(message, "server_error", code),
            _ => new Error(message, "invalid_request_error", code),
        };
    }

    public sealed record ErrorResponse(Error Error);

    public sealed record Error(string Message, string Type, string? Code, string? Param = null);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OpenAiErrorWriter.ErrorResponse))]
internal sealed partial class OpenAiErrorJson : JsonSerializerContext;

using System.Text.Json;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Serialization.Json;
using SutazAI.Client.Api.Models;

namespace SutazAI.Client.Problems;

/// <summary>An unsuccessful response read into the same exceptions the generated calls throw.</summary>
internal static class ProblemResponses
{
    private const int MaxProblemBytes = 64 * 1024;

    public static async Task<ApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (text.Length <= MaxProblemBytes && response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                var node = new JsonParseNode(document.RootElement);
                ApiException problem = document.RootElement.TryGetProperty("errors", out _)
                    ? node.GetObjectValue(HttpValidationProblemDetails.CreateFromDiscriminatorValue)!
                    : node.GetObjectValue(ProblemDetails.CreateFromDiscriminatorValue)!;
                problem.ResponseStatusCode = status;
                return problem;
            }
            catch (JsonException)
            {
            }
        }

        return new ApiException($"The gateway answered {status} {response.ReasonPhrase}.") { ResponseStatusCode = status };
    }
}

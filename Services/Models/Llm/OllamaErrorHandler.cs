using System.Net;
using System.Text.Json;

namespace SutazAI.Models.Llm;

/// <summary>Ollama's error answer (<c>{"error": "..."}</c>) with its status, kept so clients learn what Ollama said.</summary>
public sealed class OllamaErrorException(HttpStatusCode status, string message)
    : HttpRequestException($"Ollama answered {(int)status}: {message}", null, status);

/// <summary>Turns a non-success answer from Ollama into <see cref="OllamaErrorException"/> with Ollama's own message.</summary>
internal sealed class OllamaErrorHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var message = body;
            try
            {
                if (JsonDocument.Parse(body).RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("error", out var error))
                {
                    message = error.ToString();
                }
            }
            catch (JsonException)
            {
                // Not JSON: keep the text as it came.
            }

            throw new OllamaErrorException(response.StatusCode, message.Length > 500 ? message[..500] : message);
        }
    }
}

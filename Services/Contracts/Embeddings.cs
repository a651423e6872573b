using System.Net.Http.Json;
using System.Text.Json;

namespace SutazAI.Contracts;

/// <summary>
/// The models service's <c>/api/embed</c> (Ollama's API, MiniLM vectors computed locally), for services that route
/// or plan by meaning.
/// </summary>
public static class Embeddings
{
    /// <summary>One vector per text, in order; the client's base address is the models service.</summary>
    public static async Task<float[][]> EmbedAsync(this HttpClient models, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        using var response = await models.PostAsJsonAsync("/api/embed", new { input = texts }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("embeddings").EnumerateArray()
            .Select(v => v.EnumerateArray().Select(x => x.GetSingle()).ToArray())
            .ToArray();
    }

    /// <summary>Cosine similarity of two MiniLM vectors: they are L2-normalised, so it is their dot product.</summary>
    public static double Similarity(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using SutazAI.Contracts;
using SutazAI.Orchestrator.Registry;

namespace SutazAI.Orchestrator.Assignment;

/// <summary>
/// Routes a free-text task (<c>capability: "auto"</c>) to the capability whose description is closest in meaning,
/// using MiniLM sentence embeddings from the models service (<c>/api/embed</c>). Description vectors are computed
/// once and kept. Only capabilities whose input schema accepts the task's input are candidates.
/// </summary>
public sealed class CapabilityRouter(IHttpClientFactory httpClients, CapabilityCatalog catalog, IConfiguration configuration)
{
    public const string HttpClientName = "models";
    public const string Auto = "auto";

    private readonly ConcurrentDictionary<string, float[]> _descriptionVectors = new(StringComparer.Ordinal);

    public double Threshold => configuration.GetValue("Routing:Threshold", 0.3);

    public sealed record Candidate(string Capability, double Similarity);

    public sealed record Route(CapabilityCatalog.Entry? Chosen, double Similarity, double Threshold, IReadOnlyList<Candidate> RunnersUp);

    public async Task<Route> RouteAsync(string text, JsonElement input, CancellationToken cancellationToken)
    {
        var candidates = (await catalog.CurrentAsync(cancellationToken))
            .DistinctBy(e => e.Name)
            .Where(e => InputValidator.Validate(e.Schema, input).Count == 0)
            .ToList();
        if (candidates.Count == 0)
        {
            return new Route(null, 0, Threshold, []);
        }

        var missing = candidates.Where(c => !_descriptionVectors.ContainsKey(Key(c))).ToList();
        var vectors = await httpClients.CreateClient(HttpClientName).EmbedAsync([text, .. missing.Select(c => c.Description)], cancellationToken);
        for (var i = 0; i < missing.Count; i++)
        {
            _descriptionVectors[Key(missing[i])] = vectors[i + 1];
        }

        var ranked = candidates
            .Select(c => (Entry: c, Similarity: Embeddings.Similarity(vectors[0], _descriptionVectors[Key(c)])))
            .OrderByDescending(r => r.Similarity)
            .ToList();
        var best = ranked[0];
        var runnersUp = ranked.Take(4).Select(r => new Candidate(r.Entry.Name, Math.Round(r.Similarity, 4))).ToList();
        return best.Similarity >= Threshold
            ? new Route(best.Entry, Math.Round(best.Similarity, 4), Threshold, runnersUp.Skip(1).ToList())
            : new Route(null, Math.Round(best.Similarity, 4), Threshold, runnersUp);
    }

    private static string Key(CapabilityCatalog.Entry entry) => $"{entry.Name}\n{entry.Description}";
}

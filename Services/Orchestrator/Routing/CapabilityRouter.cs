using System.Collections.Concurrent;
using System.Text.Json;
using SutazAI.Contracts;
using SutazAI.Orchestrator.Registry;

namespace SutazAI.Orchestrator.Routing;

/// <summary>
/// Routes a request in words (<c>capability: "auto"</c>) to the capability closest in meaning, with MiniLM sentence
/// embeddings from the models service (<c>/api/embed</c>). A request is compared as a whole and by its instruction
/// part (<see cref="RequestText.Instruction"/>), with each capability's description and its example requests; the
/// best of those similarities, plus a little for the words the request shares with a phrase, is the capability's. When an LLM is configured and the choice is close or below the
/// threshold, the LLM picks among the top candidates (<see cref="LlmRouteChooser"/>). Only capabilities that can take
/// the request (<see cref="RequestText.InputFor"/>) are candidates. Vectors of descriptions and examples are kept.
/// </summary>
public sealed class CapabilityRouter(IHttpClientFactory httpClients, CapabilityCatalog catalog, LlmRouteChooser llm, IConfiguration configuration)
{
    public const string HttpClientName = "models";
    public const string Auto = "auto";
    private const int MaxCachedVectors = 10_000;
    private const double ContentDiscount = 0.8;

    /// <summary>
    /// How much sharing words with an example counts beside meaning: MiniLM weighs a short request's content words
    /// heavily, so "check my notes and tell me ..." and "check my notes for ..." embed apart; the words they share
    /// ("check my notes") are the intent.
    /// </summary>
    private const double WordWeight = 0.15;

    private readonly ConcurrentDictionary<string, float[]> _vectors = new(StringComparer.Ordinal);

    /// <summary>Each description's and example's words, split once like its vector is embedded once.</summary>
    private readonly ConcurrentDictionary<string, HashSet<string>> _phraseWords = new(StringComparer.Ordinal);

    public double Threshold => configuration.GetValue("Routing:Threshold", 0.33);

    /// <summary>Below this even the LLM is not asked: nothing offered is about the request.</summary>
    public double LlmFloor => configuration.GetValue("Routing:LlmFloor", 0.15);

    /// <summary>A lead this small over the runner-up is a close call the LLM settles.</summary>
    public double CloseCall => configuration.GetValue("Routing:CloseCall", 0.05);

    public sealed record Candidate(string Capability, double Similarity);

    /// <summary>The choice (null: none close enough), how it was made, and the input the chosen capability gets.</summary>
    public sealed record Route(
        CapabilityCatalog.Entry? Chosen, double Similarity, double Threshold, IReadOnlyList<Candidate> RunnersUp, string Method, JsonElement? Input);

    private HashSet<string> PhraseWords(string phrase) =>
        _phraseWords.TryGetValue(phrase, out var words) ? words
        : _phraseWords.Count < MaxCachedVectors ? _phraseWords.GetOrAdd(phrase, RequestText.Words)
        : RequestText.Words(phrase);

    public async Task<Route> RouteAsync(string text, JsonElement input, CancellationToken cancellationToken)
    {
        var candidates = (await catalog.CurrentAsync(cancellationToken))
            .DistinctBy(e => e.Name)
            .Select(e => (Entry: e, Input: RequestText.InputFor(e.SchemaJson, e.Schema, input)))
            .Where(c => c.Input is not null)
            .ToList();
        if (candidates.Count == 0)
        {
            return new Route(null, 0, Threshold, [], "embedding-similarity", null);
        }

        var queries = await QueryVectorsAsync(text, candidates.Select(c => c.Entry), cancellationToken);
        var words = RequestText.Words(RequestText.Instruction(text) ?? text);
        var ranked = candidates
            .Select(c => (c.Entry, c.Input, Similarity: Phrases(c.Entry).Max(p =>
                queries.Max(q => q.Weight * Embeddings.Similarity(q.Vector, _vectors[p])) + (WordWeight * RequestText.Overlap(words, PhraseWords(p))))))
            .OrderByDescending(r => r.Similarity)
            .ToList();
        var best = ranked[0];
        var top = ranked.Take(4).Select(r => new Candidate(r.Entry.Name, Math.Round(r.Similarity, 4))).ToList();

        var close = ranked.Count > 1 && best.Similarity - ranked[1].Similarity < CloseCall;
        if (best.Similarity >= LlmFloor && (best.Similarity < Threshold || close)
            && await llm.ChooseAsync(text, [.. ranked.Take(3).Select(r => r.Entry)], cancellationToken) is { } picked)
        {
            var choice = ranked.First(r => r.Entry.Name == picked);
            return new Route(choice.Entry, Math.Round(choice.Similarity, 4), Threshold, top.Where(c => c.Capability != picked).ToList(), "llm-choice", choice.Input);
        }

        return best.Similarity >= Threshold
            ? new Route(best.Entry, Math.Round(best.Similarity, 4), Threshold, top.Skip(1).ToList(), "embedding-similarity", best.Input)
            : new Route(null, Math.Round(best.Similarity, 4), Threshold, top, "embedding-similarity", null);
    }

    /// <summary>
    /// The request's vectors with their weights: the whole text, and its instruction part when it has one, which then
    /// counts more (the whole text's similarity is discounted by <see cref="ContentDiscount"/>, or its content's words
    /// would pull the request towards whatever they are about). Descriptions and examples not seen yet are embedded
    /// in the same call.
    /// </summary>
    private async Task<List<(float[] Vector, double Weight)>> QueryVectorsAsync(string text, IEnumerable<CapabilityCatalog.Entry> entries, CancellationToken cancellationToken)
    {
        var instruction = RequestText.Instruction(text);
        List<string> queries = instruction is not null ? [text, instruction] : [text];
        var missing = entries.SelectMany(Phrases).Where(p => !_vectors.ContainsKey(p)).Distinct().ToList();
        var vectors = await httpClients.CreateClient(HttpClientName).EmbedAsync([.. queries, .. missing], cancellationToken);
        if (_vectors.Count + missing.Count > MaxCachedVectors)
        {
            _vectors.Clear();
        }

        for (var i = 0; i < missing.Count; i++)
        {
            _vectors[missing[i]] = vectors[queries.Count + i];
        }

        return instruction is not null ? [(vectors[0], ContentDiscount), (vectors[1], 1.0)] : [(vectors[0], 1.0)];
    }

    private static IEnumerable<string> Phrases(CapabilityCatalog.Entry entry) => [entry.Description, .. entry.Examples];
}

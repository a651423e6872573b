using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SutazAI.Agents.Hosting.Skills;
using SutazAI.Contracts;
using SutazAI.Knowledge.Chunking;
using SutazAI.Knowledge.Data;
using SutazAI.Knowledge.Indexing;
using SutazAI.Knowledge.Search;

namespace SutazAI.Knowledge.Ingestion;

public sealed record IngestInput(Guid DocumentId);

/// <summary>What ingesting a document did, with each phase's duration (extract happened at upload).</summary>
public sealed record IngestOutput(Guid DocumentId, string Name, int Chunks, int Characters, string Language, int Sections, IReadOnlyList<IngestPhase> Phases);

public sealed record IngestPhase(string Name, double Seconds, string Detail);

/// <summary>
/// <c>knowledge.ingest</c>: a stored document's text cut into passages, embedded by the models service in batches,
/// written to PostgreSQL and added to the owner's vector index, with a progress event per phase. Run again, it
/// replaces the document's passages, so a retried task leaves no doubles.
/// </summary>
public sealed class IngestSkill(IServiceScopeFactory scopes, VectorIndex index, IHttpClientFactory httpClients, IOptions<KnowledgeOptions> options, TimeProvider clock)
    : Skill<IngestInput, IngestOutput>, ISkill
{
    public const string Name = "knowledge.ingest";

    public override string Capability => Name;

    public override string Description => "Ingest a stored document into the knowledge base: split it into passages, embed and index them for search.";

    public TimeSpan? Timeout => TimeSpan.FromMinutes(30);

    protected override string InputSchemaJson => """
        {
          "type": "object",
          "properties": { "documentId": { "type": "string", "format": "uuid", "description": "The document to ingest (from POST /api/v1/knowledge/documents)." } },
          "required": ["documentId"],
          "additionalProperties": false
        }
        """;

    protected override async Task<IngestOutput> ExecuteAsync(IngestInput input, SkillContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KnowledgeDbContext>();
        var document = await db.Documents.FirstOrDefaultAsync(d => d.Id == input.DocumentId && d.Owner == context.Owner, cancellationToken)
            ?? throw new SkillInputException($"No document {input.DocumentId} of yours exists (it may have been deleted).");

        try
        {
            return await IngestAsync(document, db, scope.ServiceProvider.GetRequiredService<ChunkStore>(), context, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await db.Documents.Where(d => d.Id == document.Id && d.Status != DocumentStatus.Ready)
                .ExecuteUpdateAsync(d => d.SetProperty(x => x.Status, DocumentStatus.Failed).SetProperty(x => x.Error, ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message), CancellationToken.None);
            throw;
        }
    }

    private async Task<IngestOutput> IngestAsync(DocumentRecord document, KnowledgeDbContext db, ChunkStore store, SkillContext context, CancellationToken cancellationToken)
    {
        var phases = new List<IngestPhase>();
        var clockStarted = clock.GetTimestamp();
        async Task PhaseAsync(string name, int percent, string detail)
        {
            phases.Add(new IngestPhase(name, Math.Round(clock.GetElapsedTime(clockStarted).TotalSeconds, 3), detail));
            clockStarted = clock.GetTimestamp();
            await context.ReportProgressAsync(percent, $"{name}: {detail}");
        }

        var characters = document.Sections.Sum(s => s.Text.Length);
        await PhaseAsync("extract", 5, $"{document.Sections.Count} section(s), {characters:N0} characters read from {document.Name} at upload");
        document.Status = DocumentStatus.Ingesting;
        await db.SaveChangesAsync(cancellationToken);

        var passages = Chunker.Split(document.Sections);
        await PhaseAsync("chunk", 10, $"{passages.Count} passage(s)");

        var embedStarted = clock.GetTimestamp();
        var vectors = new List<float[]>(passages.Count);
        var models = httpClients.CreateClient(HybridSearch.ModelsClient);
        var batch = Math.Max(1, options.Value.EmbeddingBatchSize);
        for (var start = 0; start < passages.Count; start += batch)
        {
            var texts = passages.Skip(start).Take(batch).Select(p => p.Text).ToList();
            vectors.AddRange(await models.EmbedAsync(texts, cancellationToken));
            var done = Math.Min(passages.Count, start + batch);
            await context.ReportProgressAsync(10 + (int)(80.0 * done / passages.Count), $"embed: {done}/{passages.Count} passage(s)");
        }

        phases.Add(new IngestPhase("embed", Math.Round(clock.GetElapsedTime(embedStarted).TotalSeconds, 3), $"{passages.Count} passage(s) in batches of {batch}"));
        clockStarted = clock.GetTimestamp();

        var ids = await store.ReplaceAsync(document, passages, vectors, clock.GetUtcNow(), cancellationToken)
            ?? throw new SkillInputException($"Document {document.Id} was deleted while it was ingested.");
        await index.AddAsync(document.Owner, [.. ids.Select((id, i) => (id, vectors[i]))], cancellationToken);
        await PhaseAsync("index", 100, $"{ids.Length} passage(s) searchable");
        return new IngestOutput(document.Id, document.Name, ids.Length, characters, document.Language, document.Sections.Count, phases);
    }
}

using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Knowledge;
using SutazAI.Contracts.Tasks;
using SutazAI.Knowledge.Data;
using SutazAI.Knowledge.Indexing;
using SutazAI.Knowledge.Ingestion;

namespace SutazAI.Knowledge.Apis;

/// <summary>Documents and collections: upload (a file or a text), list, read a passage, delete.</summary>
public static class DocumentsApi
{
    private const int MaxPageSize = 100;

    /// <summary>What a multipart upload may carry besides the file: its form fields.</summary>
    private const long FormOverheadBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/knowledge").WithTags("Knowledge").RequireTaskScopes();
        api.MapPost("/documents", Upload).WithName("UploadDocument")
            .WithSummary("Add a document: a file (multipart field 'file', up to 50 MiB: text, Markdown, HTML, PDF, .docx) or a JSON text; ingested by a knowledge.ingest task")
            .Accepts<TextDocumentRequest>("application/json", "multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/documents", List).WithName("ListDocuments").WithSummary("Your documents, newest first, optionally of one collection");
        api.MapGet("/documents/{id:guid}", Get).WithName("GetDocument").WithSummary("A document and its ingestion status");
        api.MapDelete("/documents/{id:guid}", Delete).WithName("DeleteDocument").WithSummary("Delete a document: its passages leave search at once");
        api.MapGet("/chunks/{id:long}", Passage).WithName("GetPassage").WithSummary("A passage (as cited or found) with the passages around it");
        api.MapGet("/collections", Collections).WithName("ListCollections").WithSummary("Your collections with their sizes");
        api.MapDelete("/collections/{name}", DeleteCollection).WithName("DeleteCollection").WithSummary("Delete a collection and every document in it");
        api.MapGet("/index", Index).WithName("GetVectorIndex").WithSummary("The vector index: kind, size, when it was built");
        api.MapPost("/index/rebuild", Rebuild).WithName("RebuildVectorIndex").WithSummary("Rebuild the vector index from PostgreSQL (admins)")
            .RequireScope(SutazAI.Contracts.Auth.ApiScopes.Admin);
        return app;
    }

    public static async Task<Results<Accepted<DocumentAccepted>, Ok<DocumentAccepted>>> Upload(HttpContext context, OwnerScope caller, DocumentIntake intake, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var token = PlatformTasks.RequireDelegatedToken(request);
        DocumentAccepted accepted;
        if (request.HasJsonContentType())
        {
            accepted = await intake.AcceptTextAsync(caller.Caller, token, await JsonBody.ReadAsync<TextDocumentRequest>(request, cancellationToken), cancellationToken);
        }
        else if (request.HasFormContentType)
        {
            var (file, collection) = await ReadUploadAsync(context, intake.Options.MaxUploadBytes, cancellationToken);
            await using var stream = file.OpenReadStream();
            using var content = new MemoryStream((int)file.Length);
            await stream.CopyToAsync(content, cancellationToken);
            accepted = await intake.AcceptFileAsync(caller.Caller, token, collection, file.FileName, file.ContentType, content.ToArray(), cancellationToken);
        }
        else
        {
            throw new RequestProblemException(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Unsupported content type",
                "Send a file as multipart/form-data (field 'file', optional field 'collection') or a text as application/json {collection, name, text}.");
        }

        return accepted.Duplicate
            ? TypedResults.Ok(accepted)
            : TypedResults.Accepted($"/api/v1/knowledge/documents/{accepted.Document.Id}", accepted);
    }

    private static async Task<(IFormFile File, string Collection)> ReadUploadAsync(HttpContext context, long maxBytes, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes + FormOverheadBytes)
        {
            throw TooLarge(request.ContentLength.Value, maxBytes);
        }

        // This route alone may carry more than the platform's 1 MiB.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + FormOverheadBytes;
        }

        IFormCollection form;
        try
        {
            form = await new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = maxBytes + FormOverheadBytes, ValueCountLimit = 16 }).ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(request.ContentLength ?? 0, maxBytes);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new RequestProblemException(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "Malformed upload", ex.Message);
        }

        var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null)
            ?? throw new RequestProblemException(StatusCodes.Status400BadRequest, ProblemTypes.ValidationFailed, "No file", "The form has no file: send it in the field 'file'.");
        if (file.Length > maxBytes)
        {
            throw TooLarge(file.Length, maxBytes);
        }

        return (file, DocumentIntake.Collection(form["collection"].ToString()));
    }

    private static RequestProblemException TooLarge(long size, long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "Document too large", $"The upload is {size:N0} bytes; a document may have at most {maxBytes:N0}.");

    public static async Task<Results<Ok<PagedResult<DocumentView>>, ValidationProblem>> List(
        string? collection, int? page, int? pageSize, OwnerScope owner, KnowledgeDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.ValidationFailed);
        }

        var query = db.Documents.AsNoTracking().Where(d => owner.Owner == null || d.Owner == owner.Owner);
        if (!string.IsNullOrEmpty(collection))
        {
            var name = DocumentIntake.Collection(collection);
            query = query.Where(d => d.Collection == name);
        }

        var total = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(d => d.CreatedAt).Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResult<DocumentView>([.. rows.Select(DocumentViews.Of)], paging.Page, paging.Size, total));
    }

    public static async Task<Results<Ok<DocumentView>, NotFoundProblem>> Get(Guid id, OwnerScope owner, KnowledgeDbContext db, CancellationToken cancellationToken) =>
        await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && (owner.Owner == null || d.Owner == owner.Owner), cancellationToken) is { } document
            ? TypedResults.Ok(DocumentViews.Of(document))
            : new NotFoundProblem("document", id);

    public static async Task<Results<NoContent, NotFoundProblem>> Delete(Guid id, OwnerScope caller, KnowledgeDbContext db, ChunkStore chunks, VectorIndex index, CancellationToken cancellationToken)
    {
        var owner = await db.Documents.Where(d => d.Id == id && (caller.Owner == null || d.Owner == caller.Owner)).Select(d => d.Owner).FirstOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return new NotFoundProblem("document", id);
        }

        var (_, ids) = await chunks.DeleteDocumentsAsync(owner, id, null, cancellationToken);
        await index.RemoveAsync(owner, ids, CancellationToken.None);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<PassageView>, NotFoundProblem>> Passage(long id, OwnerScope owner, KnowledgeDbContext db, CancellationToken cancellationToken)
    {
        var chunk = await db.Chunks.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && (owner.Owner == null || c.Owner == owner.Owner), cancellationToken);
        if (chunk is null)
        {
            return new NotFoundProblem("passage", id);
        }

        var document = await db.Documents.AsNoTracking().Where(d => d.Id == chunk.DocumentId).Select(d => new { d.Name, d.MediaType }).FirstAsync(cancellationToken);
        var around = await db.Chunks.AsNoTracking()
            .Where(c => c.DocumentId == chunk.DocumentId && c.Ordinal >= chunk.Ordinal - 1 && c.Ordinal <= chunk.Ordinal + 1 && c.Id != chunk.Id)
            .OrderBy(c => c.Ordinal)
            .Select(c => new PassageNeighbour(c.Id, c.Ordinal, c.Position, c.Text))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PassageView(chunk.Id, chunk.DocumentId, document.Name, document.MediaType, chunk.Collection, chunk.Position, chunk.Ordinal, chunk.StartOffset, chunk.Text, around));
    }

    public static async Task<Ok<List<CollectionView>>> Collections(OwnerScope owner, KnowledgeDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Documents.AsNoTracking()
            .Where(d => owner.Owner == null || d.Owner == owner.Owner)
            .GroupBy(d => d.Collection)
            .OrderBy(g => g.Key)
            .Select(g => new CollectionView(g.Key, g.Count(), g.Sum(d => (long)d.ChunkCount), g.Sum(d => d.SizeBytes), g.Max(d => d.CreatedAt)))
            .ToListAsync(cancellationToken));

    public static async Task<Results<NoContent, NotFoundProblem>> DeleteCollection(string name, OwnerScope caller, ChunkStore chunks, VectorIndex index, CancellationToken cancellationToken)
    {
        var collection = DocumentIntake.Collection(name);
        var (documents, ids) = await chunks.DeleteDocumentsAsync(caller.Caller, null, collection, cancellationToken);
        await index.RemoveAsync(caller.Caller, ids, CancellationToken.None);
        return documents > 0 ? TypedResults.NoContent() : new NotFoundProblem("collection", collection);
    }

    public static Ok<VectorIndexView> Index(VectorIndex index) =>
        TypedResults.Ok(new VectorIndexView(index.Kind, index.Count, index.Owners, index.Ready, index.BuiltAt, index.LastBuildSeconds));

    public static Accepted<VectorIndexView> Rebuild(IndexBuilder builder, VectorIndex index)
    {
        builder.RequestRebuild();
        return TypedResults.Accepted("/api/v1/knowledge/index", new VectorIndexView(index.Kind, index.Count, index.Owners, index.Ready, index.BuiltAt, index.LastBuildSeconds));
    }
}

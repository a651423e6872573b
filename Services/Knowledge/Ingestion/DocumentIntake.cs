using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SutazAI.Contracts;
using SutazAI.Contracts.Knowledge;
using SutazAI.Knowledge.Chunking;
using SutazAI.Knowledge.Data;
using SutazAI.Knowledge.Extraction;

namespace SutazAI.Knowledge.Ingestion;

/// <summary>
/// Takes a document in: checks its kind and names, reads its text (so a damaged file is refused at once and leaves
/// nothing behind), finds the same content already in the collection, stores it and submits its
/// <c>knowledge.ingest</c> task as the person.
/// </summary>
public sealed partial class DocumentIntake(KnowledgeDbContext db, PlatformTasks tasks, IOptions<KnowledgeOptions> options, TimeProvider clock, ILogger<DocumentIntake> logger)
{
    public const string DefaultCollection = "default";

    public KnowledgeOptions Options => options.Value;

    /// <summary>The collection named, or the default one; a 400 problem for a name that is not one.</summary>
    public static string Collection(string? name)
    {
        var collection = string.IsNullOrWhiteSpace(name) ? DefaultCollection : name.Trim();
        return CollectionName().IsMatch(collection)
            ? collection
            : throw Invalid("collection", $"A collection name is 1 to {KnowledgeDbContext.MaxCollectionLength} letters, digits, spaces, '.', '_' or '-', starting with a letter or digit.");
    }

    public static string DocumentName(string? name)
    {
        var trimmed = Path.GetFileName(name?.Trim() ?? "");
        return trimmed.Length is > 0 and <= KnowledgeDbContext.MaxNameLength && !trimmed.Any(char.IsControl)
            ? trimmed
            : throw Invalid("name", $"A document name is 1 to {KnowledgeDbContext.MaxNameLength} characters without control characters.");
    }

    /// <summary>Stores an uploaded file: 415 for a kind not read here, 422 for one that cannot be read.</summary>
    public Task<DocumentAccepted> AcceptFileAsync(string owner, string delegatedToken, string collection, string fileName, string? contentType, byte[] content, CancellationToken cancellationToken)
    {
        var name = DocumentName(fileName);
        var mediaType = DocumentFormats.Recognise(name, contentType)
            ?? throw new RequestProblemException(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Unsupported document type",
                $"'{name}' ({contentType ?? "no content type"}) is not a kind of document read here: send plain text, Markdown, HTML, PDF or Word .docx.");
        List<ExtractedSection> sections;
        try
        {
            sections = TextExtractor.Extract(mediaType, content);
        }
        catch (UnreadableDocumentException ex)
        {
            throw new RequestProblemException(StatusCodes.Status422UnprocessableEntity, ProblemTypes.UnreadableDocument, "Unreadable document", $"'{name}': {ex.Message}");
        }

        return StoreAsync(owner, delegatedToken, collection, name, mediaType, content.LongLength, SHA256.HashData(content), sections, cancellationToken);
    }

    /// <summary>Stores a text that is not a file, as plain text.</summary>
    public Task<DocumentAccepted> AcceptTextAsync(string owner, string delegatedToken, TextDocumentRequest request, CancellationToken cancellationToken)
    {
        var collection = Collection(request.Collection);
        var name = DocumentName(request.Name);
        var text = TextExtractor.Normalise(request.Text ?? "");
        if (text.Length == 0 || request.Text!.Length > Options.MaxTextCharacters)
        {
            throw Invalid("text", $"The text is 1 to {Options.MaxTextCharacters:N0} characters, not only spaces.");
        }

        var bytes = Encoding.UTF8.GetBytes(request.Text);
        return StoreAsync(owner, delegatedToken, collection, name, DocumentFormats.PlainText, bytes.LongLength, SHA256.HashData(bytes), [new ExtractedSection("", text)], cancellationToken);
    }

    private async Task<DocumentAccepted> StoreAsync(
        string owner, string delegatedToken, string collection, string name, string mediaType, long size, byte[] hash, List<ExtractedSection> sections, CancellationToken cancellationToken)
    {
        var contentHash = Convert.ToHexStringLower(hash);
        if (await FindByHashAsync(owner, collection, contentHash, cancellationToken) is { } existing)
        {
            return new DocumentAccepted(DocumentViews.Of(existing), Duplicate: true);
        }

        var document = new DocumentRecord
        {
            Id = Guid.CreateVersion7(),
            Owner = owner,
            Collection = collection,
            Name = name,
            MediaType = mediaType,
            SizeBytes = size,
            ContentHash = contentHash,
            Status = DocumentStatus.Queued,
            Language = LanguageGuess.Of(string.Join("\n\n", sections.Select(s => s.Text))),
            Sections = sections,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Documents.Add(document);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same content uploaded twice at once: the other upload stored it.
            db.Entry(document).State = EntityState.Detached;
            var raced = await FindByHashAsync(owner, collection, contentHash, CancellationToken.None);
            return raced is not null ? new DocumentAccepted(DocumentViews.Of(raced), Duplicate: true) : throw new InvalidOperationException("The document could not be stored.");
        }

        try
        {
            var task = await tasks.SubmitAsync(delegatedToken, IngestSkill.Name, new { documentId = document.Id }, $"ingest-{document.Id}", cancellationToken);
            document.TaskId = task.Id;
            await db.SaveChangesAsync(CancellationToken.None);
            LogStored(logger, document.Id, name, sections.Count, task.Id);
            return new DocumentAccepted(DocumentViews.Of(document), Duplicate: false);
        }
        catch (Exception ex) when (ServiceCalls.Unreachable(ex) || ex is PlatformTaskException or TaskCanceledException)
        {
            // Without its task the document would never become searchable: take it back out.
            await db.Documents.Where(d => d.Id == document.Id).ExecuteDeleteAsync(CancellationToken.None);
            throw new RequestProblemException(StatusCodes.Status503ServiceUnavailable, ProblemTypes.ServiceUnavailable, "Ingestion unavailable",
                $"The document could not be queued for ingestion ({ex.Message}); nothing was stored. Try again shortly.");
        }
    }

    private Task<DocumentRecord?> FindByHashAsync(string owner, string collection, string contentHash, CancellationToken cancellationToken) =>
        db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Owner == owner && d.Collection == collection && d.ContentHash == contentHash, cancellationToken);

    /// <summary>A 400 problem for one field of a knowledge request.</summary>
    public static RequestProblemException Invalid(string field, string detail) =>
        new(StatusCodes.Status400BadRequest, ProblemTypes.ValidationFailed, $"Invalid {field}", detail);

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$")]
    private static partial Regex CollectionName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored document {DocumentId} ({Name}, {Sections} sections); ingestion task {TaskId}")]
    private static partial void LogStored(ILogger logger, Guid documentId, string name, int sections, Guid taskId);
}

public static class DocumentViews
{
    public static DocumentView Of(DocumentRecord d) =>
        new(d.Id, d.Collection, d.Name, d.MediaType, d.SizeBytes, d.ContentHash, d.Status.ToString(), d.ChunkCount, d.Language, d.TaskId, d.Error, d.CreatedAt, d.IngestedAt);
}

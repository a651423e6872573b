using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using NpgsqlTypes;

namespace SutazAI.Knowledge.Data;

/// <summary>
/// One document of one owner's collection. The extracted text is kept (as sections with their positions) so the
/// document can be chunked and embedded again without the file.
/// </summary>
public sealed class DocumentRecord
{
    public Guid Id { get; set; }

    /// <summary>Whose document it is; nobody else searches, reads or deletes it.</summary>
    public required string Owner { get; set; }

    public required string Collection { get; set; }

    public required string Name { get; set; }

    public required string MediaType { get; set; }

    public long SizeBytes { get; set; }

    /// <summary>SHA-256 of the uploaded bytes (of the UTF-8 text for JSON documents), hex: the same content is stored once per collection.</summary>
    public required string ContentHash { get; set; }

    public DocumentStatus Status { get; set; }

    /// <summary>The PostgreSQL text-search configuration the document's words are indexed with (e.g. <c>english</c>).</summary>
    public required string Language { get; set; }

    public required List<ExtractedSection> Sections { get; set; }

    public int ChunkCount { get; set; }

    public Guid? TaskId { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? IngestedAt { get; set; }
}

public enum DocumentStatus
{
    Queued,
    Ingesting,
    Ready,
    Failed,
}

/// <summary>A passage of a document: its text with where it came from (page, heading path), and its embedding.</summary>
public sealed class ChunkRecord
{
    public long Id { get; set; }

    public Guid DocumentId { get; set; }

    public required string Owner { get; set; }

    public required string Collection { get; set; }

    public int Ordinal { get; set; }

    public required string Position { get; set; }

    public int StartOffset { get; set; }

    public required string Text { get; set; }

    public required string Language { get; set; }

    public NpgsqlTsVector? Words { get; set; }

    public required float[] Embedding { get; set; }
}

public sealed class KnowledgeDbContext(DbContextOptions<KnowledgeDbContext> options) : DbContext(options)
{
    public const int MaxNameLength = 200;
    public const int MaxCollectionLength = 64;

    public DbSet<DocumentRecord> Documents => Set<DocumentRecord>();

    public DbSet<ChunkRecord> Chunks => Set<ChunkRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DocumentRecord>(document =>
        {
            document.ToTable("documents");
            document.HasKey(d => d.Id);
            document.Property(d => d.Owner).HasMaxLength(OwnerScope.MaxOwnerLength);
            document.Property(d => d.Collection).HasMaxLength(MaxCollectionLength);
            document.Property(d => d.Name).HasMaxLength(MaxNameLength);
            document.Property(d => d.MediaType).HasMaxLength(100);
            document.Property(d => d.ContentHash).HasMaxLength(64);
            document.Property(d => d.Language).HasMaxLength(32);
            document.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            document.Property(d => d.Error).HasMaxLength(2000);
            document.Property(d => d.Sections).HasColumnType("jsonb").HasConversion(
                sections => JsonSerializer.Serialize(sections, JsonSerializerOptions.Web),
                json => JsonSerializer.Deserialize<List<ExtractedSection>>(json, JsonSerializerOptions.Web) ?? new List<ExtractedSection>(),
                new ValueComparer<List<ExtractedSection>>((a, b) => a!.SequenceEqual(b!), s => s.Count, s => s.ToList()));
            document.HasIndex(d => new { d.Owner, d.Collection, d.ContentHash }).IsUnique();
            document.HasIndex(d => new { d.Owner, d.CreatedAt });
            document.HasMany<ChunkRecord>().WithOne().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ChunkRecord>(chunk =>
        {
            chunk.ToTable("chunks");
            chunk.HasKey(c => c.Id);
            chunk.Property(c => c.Id).UseIdentityAlwaysColumn();
            chunk.Property(c => c.Owner).HasMaxLength(OwnerScope.MaxOwnerLength);
            chunk.Property(c => c.Collection).HasMaxLength(MaxCollectionLength);
            chunk.Property(c => c.Position).HasMaxLength(500);
            chunk.Property(c => c.Language).HasMaxLength(32);
            chunk.Property(c => c.Embedding).HasColumnType("real[]");
            chunk.HasIndex(c => new { c.DocumentId, c.Ordinal }).IsUnique();
            chunk.HasIndex(c => new { c.Owner, c.Collection });
            chunk.HasIndex(c => c.Words).HasMethod("GIN");
        });

        // Column names in snake_case: ChunkStore's SQL is written by hand.
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            property.SetColumnName(string.Concat(property.Name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())));
        }
    }
}

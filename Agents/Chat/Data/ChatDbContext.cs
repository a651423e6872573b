using Microsoft.EntityFrameworkCore;

namespace SutazAI.Agents.Chat.Data;

/// <summary>A conversation.</summary>
public sealed class ChatSession
{
    public Guid Id { get; set; }

    /// <summary>Whose conversation it is; nobody else reads, continues or deletes it.</summary>
    public required string Owner { get; set; }

    public string? Title { get; set; }

    /// <summary>The system prompt used when a message does not bring its own.</summary>
    public string? System { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<ChatTurn> Turns { get; set; } = [];
}

/// <summary>One message of a conversation. A task adds its user and assistant turns once (unique by task and role).</summary>
public sealed class ChatTurn
{
    public long Id { get; set; }

    public Guid SessionId { get; set; }

    public Guid? TaskId { get; set; }

    public required string Role { get; set; }

    public required string Content { get; set; }

    public int Tokens { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ChatDbContext(DbContextOptions<ChatDbContext> options) : DbContext(options)
{
    public DbSet<ChatSession> Sessions => Set<ChatSession>();

    public DbSet<ChatTurn> Turns => Set<ChatTurn>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ChatSession>(session =>
        {
            session.ToTable("chat_sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.Title).HasMaxLength(200);
            session.Property(s => s.Owner).HasMaxLength(OwnerScope.MaxOwnerLength);
            session.HasIndex(s => new { s.Owner, s.UpdatedAt });
            session.HasMany(s => s.Turns).WithOne().HasForeignKey(t => t.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ChatTurn>(turn =>
        {
            turn.ToTable("chat_turns");
            turn.HasKey(t => t.Id);
            turn.Property(t => t.Id).UseIdentityAlwaysColumn();
            turn.Property(t => t.Role).HasMaxLength(16);
            turn.HasIndex(t => new { t.SessionId, t.Id });
            turn.HasIndex(t => new { t.TaskId, t.Role }).IsUnique();
        });
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a database.</summary>
internal sealed class DesignTimeChatDbContextFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<ChatDbContext>
{
    public ChatDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseNpgsql("Host=localhost;Database=design_time_only").Options);
}

using Microsoft.EntityFrameworkCore;

namespace SutazAI.Gateway.Data;

/// <summary>Who may call the platform: users, their refresh tokens, and API keys (<c>gatewaydb</c>).</summary>
public sealed class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options)
{
    public DbSet<UserRecord> Users => Set<UserRecord>();

    public DbSet<RefreshTokenRecord> RefreshTokens => Set<RefreshTokenRecord>();

    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();

    public DbSet<LoginLockoutRecord> LoginLockouts => Set<LoginLockoutRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserRecord>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Username).HasMaxLength(64);
            user.HasIndex(u => u.Username).IsUnique();
            user.Property(u => u.PasswordHash).HasMaxLength(200);
        });

        modelBuilder.Entity<RefreshTokenRecord>(token =>
        {
            token.ToTable("refresh_tokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.TokenHash).HasMaxLength(64);
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasIndex(t => t.FamilyId);
            token.HasOne<UserRecord>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ApiKeyRecord>(key =>
        {
            key.ToTable("api_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Owner).HasMaxLength(100);
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.Prefix).HasMaxLength(32);
            key.HasIndex(k => k.Prefix).IsUnique();
            key.Property(k => k.KeyHash).HasMaxLength(64);
            key.HasIndex(k => k.Owner);
            key.Property(k => k.User).HasMaxLength(100);
            key.HasIndex(k => k.User);
            key.HasIndex(k => k.ParentId);
        });

        modelBuilder.Entity<LoginLockoutRecord>(lockout =>
        {
            lockout.ToTable("login_lockouts");
            lockout.HasKey(l => new { l.UserId, l.Address });
            lockout.Property(l => l.Address).HasMaxLength(64);
        });
    }
}

using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts.Tasks;

namespace SutazAI.Orchestrator.Data;

public sealed class OrchestratorDbContext(DbContextOptions<OrchestratorDbContext> options) : DbContext(options)
{
    public DbSet<TaskRecord> Tasks => Set<TaskRecord>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<AgentInstanceRecord> AgentInstances => Set<AgentInstanceRecord>();

    public DbSet<CapabilityRecord> Capabilities => Set<CapabilityRecord>();

    public DbSet<WorkflowRecord> Workflows => Set<WorkflowRecord>();

    public DbSet<WorkflowStepRecord> WorkflowSteps => Set<WorkflowStepRecord>();

    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();

    public DbSet<DeadLetterRecord> DeadLetters => Set<DeadLetterRecord>();

    /// <summary>What waits for the current transaction to commit (<see cref="AfterCommit"/>).</summary>
    internal List<Func<Task>> AfterCommitActions { get; } = [];

    /// <summary>The save in progress adds outbox rows (Outbox.OutboxWakeUp).</summary>
    internal bool SavingOutboxRows { get; set; }

    /// <summary>Workflows a save in progress changes, announced once it is committed (<c>Workflows.WorkflowVersions</c>).</summary>
    internal List<WorkflowRecord> ChangedWorkflows { get; } = [];

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TaskRecord>(task =>
        {
            task.ToTable("tasks");
            task.HasKey(t => t.Id);
            task.Property(t => t.Capability).HasMaxLength(200);
            task.Property(t => t.Agent).HasMaxLength(100);
            task.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
            task.Property(t => t.Version).HasDefaultValue(1);
            task.Property(t => t.Input).HasColumnType("jsonb");
            task.Property(t => t.Result).HasColumnType("jsonb");
            task.Property(t => t.ProgressMessage).HasMaxLength(500);
            task.Property(t => t.ErrorType).HasMaxLength(200);
            task.HasIndex(t => t.CreatedAt);
            task.HasIndex(t => new { t.Status, t.CreatedAt });
            task.HasIndex(t => new { t.Agent, t.CreatedAt });
            task.Property(t => t.Owner).HasMaxLength(OwnerScope.MaxOwnerLength);
            task.HasIndex(t => new { t.Owner, t.CreatedAt });
            task.Property(t => t.StepId).HasMaxLength(64);
            task.Property(t => t.AssignedBy).HasMaxLength(32);
            task.Property(t => t.AssignmentReason).HasMaxLength(500);
            task.Property(t => t.Routing).HasColumnType("jsonb");
            task.HasIndex(t => new { t.WorkflowId, t.StepId });
        });

        modelBuilder.Entity<WorkflowRecord>(workflow =>
        {
            workflow.ToTable("workflows");
            workflow.HasKey(w => w.Id);
            workflow.Property(w => w.Name).HasMaxLength(200);
            workflow.Property(w => w.Status).HasConversion<string>().HasMaxLength(16);
            workflow.Property(w => w.Version).HasDefaultValue(1);
            workflow.Property(w => w.Input).HasColumnType("jsonb");
            workflow.Property(w => w.Owner).HasMaxLength(OwnerScope.MaxOwnerLength);
            workflow.HasIndex(w => new { w.Owner, w.CreatedAt });
            workflow.Property(w => w.Goal).HasMaxLength(2000);
            workflow.HasIndex(w => w.CreatedAt);
            workflow.HasMany(w => w.Steps).WithOne().HasForeignKey(s => s.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("idempotency_keys");
            record.HasKey(r => new { r.Scope, r.Key });
            record.Property(r => r.Scope).HasMaxLength(200);
            record.Property(r => r.Key).HasMaxLength(200);
            record.Property(r => r.RequestHash).HasMaxLength(64);
            record.Property(r => r.Body).HasColumnType("jsonb");
            record.HasIndex(r => r.CreatedAt);
        });

        modelBuilder.Entity<DeadLetterRecord>(letter =>
        {
            letter.ToTable("dead_letters");
            letter.HasKey(d => d.Id);
            letter.HasIndex(d => d.FaultId).IsUnique();
            letter.HasIndex(d => d.TaskId);
            letter.HasIndex(d => new { d.RedrivenAt, d.FailedAt });
            letter.Property(d => d.Capability).HasMaxLength(200);
            letter.Property(d => d.Agent).HasMaxLength(100);
            letter.Property(d => d.Message).HasColumnType("jsonb");
            letter.Property(d => d.ExceptionType).HasMaxLength(300);
            letter.Property(d => d.Reason).HasMaxLength(4000);
            letter.Property(d => d.Host).HasMaxLength(300);
        });

        modelBuilder.Entity<WorkflowStepRecord>(step =>
        {
            step.ToTable("workflow_steps");
            step.HasKey(s => new { s.WorkflowId, s.StepId });
            step.Property(s => s.StepId).HasMaxLength(64);
            step.Property(s => s.Capability).HasMaxLength(200);
            step.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
            step.Property(s => s.Input).HasColumnType("jsonb");
            step.Property(s => s.Output).HasColumnType("jsonb");
        });

        modelBuilder.Entity<OutboxMessage>(message =>
        {
            message.ToTable("outbox_messages");
            message.HasKey(m => m.Id);
            message.Property(m => m.Id).UseIdentityAlwaysColumn();
            message.Property(m => m.Destination).HasMaxLength(200);
            message.Property(m => m.MessageType).HasMaxLength(100);
            message.Property(m => m.Body).HasColumnType("jsonb");
            message.Property(m => m.TraceParent).HasMaxLength(128);
            // Every row is deleted once sent, so the table is vacuumed after a fixed number of dead rows rather than
            // a share of its few live ones: a minute's dead rows under load made each claim read thousands of them.
            // The index serves a backlog (the broker away): a claim reads its first rows in the relay's order
            // instead of sorting the whole table.
            message.HasIndex(m => new { m.Attempts, m.Id });
            message.HasStorageParameter("autovacuum_vacuum_scale_factor", 0);
            message.HasStorageParameter("autovacuum_vacuum_threshold", 1000);
        });

        modelBuilder.Entity<AgentInstanceRecord>(instance =>
        {
            instance.ToTable("agent_instances");
            instance.HasKey(i => i.InstanceId);
            instance.Property(i => i.InstanceId).HasMaxLength(200);
            instance.Property(i => i.Agent).HasMaxLength(100);
            instance.HasIndex(i => i.Agent);
        });

        modelBuilder.Entity<CapabilityRecord>(capability =>
        {
            capability.ToTable("capabilities");
            capability.HasKey(c => new { c.Name, c.Agent });
            capability.Property(c => c.Name).HasMaxLength(200);
            capability.Property(c => c.Agent).HasMaxLength(100);
            capability.Property(c => c.InputSchema).HasColumnType("jsonb");
        });
    }

    /// <summary>States a task can still leave; outcomes only apply to these.</summary>
    public static readonly TaskState[] OpenStates = [TaskState.Queued, TaskState.Running];
}

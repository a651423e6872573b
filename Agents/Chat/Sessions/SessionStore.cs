using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SutazAI.Agents.Chat.Data;

namespace SutazAI.Agents.Chat.Sessions;

/// <summary>
/// Conversations in PostgreSQL: create, read, delete, the context window, and appending an exchange once. Every read
/// and delete names the owner it is for: another owner's session is not found.
/// </summary>
public sealed class SessionStore(ChatDbContext db, IOptions<ChatSettings> settings, TimeProvider clock)
{
    public async Task<ChatSession> CreateAsync(string owner, string? title, string? system, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var session = new ChatSession { Id = Guid.CreateVersion7(now), Owner = owner, Title = title, System = system, CreatedAt = now, UpdatedAt = now };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>
    /// The session a task without one talks in: its id is the task's, created once, so a task that runs twice
    /// (redelivered after a crash or a hand-back) keeps its exchange and its result in the same session.
    /// </summary>
    public async Task<ChatSession> ForTaskAsync(Guid taskId, string owner, string? system, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO chat_sessions ("Id", "Owner", "Title", "System", "CreatedAt", "UpdatedAt")
            VALUES ({taskId}, {owner}, NULL, {system}, {now}, {now})
            ON CONFLICT ("Id") DO NOTHING
            """, cancellationToken);
        return (await FindAsync(taskId, owner, cancellationToken))!;
    }

    /// <summary>The session if it is <paramref name="owner"/>'s (any owner's when null: an admin who asked).</summary>
    public Task<ChatSession?> FindAsync(Guid id, string? owner, CancellationToken cancellationToken) =>
        Owned(owner).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    /// <summary>The owner's sessions, most recently used first, one page of them, and how many there are.</summary>
    public async Task<(IReadOnlyList<ChatSession> Page, long Total)> ListAsync(string owner, int skip, int take, CancellationToken cancellationToken)
    {
        var owned = db.Sessions.AsNoTracking().Where(s => s.Owner == owner);
        var page = await owned.OrderByDescending(s => s.UpdatedAt).ThenByDescending(s => s.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (page, await owned.LongCountAsync(cancellationToken));
    }

    public Task<ChatSession?> FindWithTurnsAsync(Guid id, string? owner, CancellationToken cancellationToken) =>
        Owned(owner).AsNoTracking().Include(s => s.Turns.OrderBy(t => t.Id)).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public async Task<bool> DeleteAsync(Guid id, string? owner, CancellationToken cancellationToken) =>
        await Owned(owner).Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    private IQueryable<ChatSession> Owned(string? owner) => owner is null ? db.Sessions : db.Sessions.Where(s => s.Owner == owner);

    /// <summary>The latest turns, oldest first, within the turn and token limits.</summary>
    public async Task<IReadOnlyList<ChatTurn>> ContextAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var limits = settings.Value;
        var newest = await db.Turns.AsNoTracking()
            .Where(t => t.SessionId == sessionId)
            .OrderByDescending(t => t.Id)
            .Take(limits.ContextTurns)
            .ToListAsync(cancellationToken);

        var window = new List<ChatTurn>();
        var tokens = 0;
        foreach (var turn in newest)
        {
            tokens += ChatSettings.EstimateTokens(turn.Content);
            if (tokens > limits.ContextTokens)
            {
                break;
            }

            window.Add(turn);
        }

        window.Reverse();
        return window;
    }

    /// <summary>Stores a task's question and answer together; a redelivered task adds nothing twice.</summary>
    public async Task AppendExchangeAsync(Guid sessionId, Guid taskId, string question, string answer, int answerTokens, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO chat_turns ("SessionId", "TaskId", "Role", "Content", "Tokens", "CreatedAt")
            VALUES ({sessionId}, {taskId}, 'user', {question}, {ChatSettings.EstimateTokens(question)}, {now}),
                   ({sessionId}, {taskId}, 'assistant', {answer}, {answerTokens}, {now})
            ON CONFLICT ("TaskId", "Role") DO NOTHING
            """, cancellationToken);
        await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(set => set.SetProperty(s => s.UpdatedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

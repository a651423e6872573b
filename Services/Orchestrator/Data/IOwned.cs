namespace SutazAI.Orchestrator.Data;

/// <summary>A row that belongs to one person (<c>user:…</c>, <c>bootstrap</c>) or service (<c>service:…</c>).</summary>
public interface IOwned
{
    string Owner { get; }
}

public static class OwnedRows
{
    /// <summary>The rows <paramref name="scope"/> may see: its owner's, or everyone's for an admin who asked.</summary>
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> rows, OwnerScope scope) where T : class, IOwned =>
        scope.Owner is { } owner ? rows.Where(row => row.Owner == owner) : rows;
}

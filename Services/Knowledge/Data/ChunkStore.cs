using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using SutazAI.Contracts;
using SutazAI.Knowledge.Chunking;

namespace SutazAI.Knowledge.Data;

/// <summary>
/// The chunks table in SQL of its own: inserted in batches with their full-text vectors computed by PostgreSQL in the
/// document's language, searched by words with a GIN index, read back for hits with highlighted snippets.
/// </summary>
public sealed class ChunkStore(KnowledgeDbContext db)
{
    /// <summary>Marks the query's words in a snippet; control characters no document text keeps after normalising.</summary>
    public const char MarkStart = '\u0002';
    public const char MarkEnd = '\u0003';

    private NpgsqlConnection Connection => (NpgsqlConnection)db.Database.GetDbConnection();

    /// <summary>
    /// Replaces the document's chunks with <paramref name="chunks"/> and marks it ready, in one transaction; the
    /// chunks' ids come back in order. Fails (no rows) when the document was deleted meanwhile.
    /// </summary>
    public async Task<long[]?> ReplaceAsync(DocumentRecord document, IReadOnlyList<Chunk> chunks, IReadOnlyList<float[]> vectors, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = new NpgsqlCommand("DELETE FROM chunks WHERE document_id = @id", Connection, transaction))
        {
            delete.Parameters.AddWithValue("id", document.Id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var mark = new NpgsqlCommand(
            "UPDATE documents SET status = 'Ready', chunk_count = @count, ingested_at = @now, error = NULL WHERE id = @id", Connection, transaction))
        {
            mark.Parameters.AddWithValue("id", document.Id);
            mark.Parameters.AddWithValue("count", chunks.Count);
            mark.Parameters.AddWithValue("now", now);
            if (await mark.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return null;
            }
        }

        // Binary COPY into a scratch table, then one INSERT that computes the full-text vectors in the document's language.
        await using (var scratch = new NpgsqlCommand(
            "CREATE TEMP TABLE incoming (ordinal int, position text, start_offset int, text text, embedding real[]) ON COMMIT DROP", Connection, transaction))
        {
            await scratch.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var copy = await Connection.BeginBinaryImportAsync("COPY incoming (ordinal, position, start_offset, text, embedding) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < chunks.Count; i++)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(chunks[i].Ordinal, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(chunks[i].Position, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(chunks[i].StartOffset, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(chunks[i].Text, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(vectors[i], NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        var ids = new long[chunks.Count];
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO chunks (document_id, owner, collection, ordinal, position, start_offset, text, language, words, embedding)
            SELECT @document, @owner, @collection, ordinal, position, start_offset, text, @language, to_tsvector(@language::regconfig, text), embedding
            FROM incoming
            RETURNING id, ordinal
            """, Connection, transaction))
        {
            insert.Parameters.AddWithValue("document", document.Id);
            insert.Parameters.AddWithValue("owner", document.Owner);
            insert.Parameters.AddWithValue("collection", document.Collection);
            insert.Parameters.AddWithValue("language", document.Language);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            var firstOrdinal = chunks.Count > 0 ? chunks[0].Ordinal : 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                ids[reader.GetInt32(1) - firstOrdinal] = reader.GetInt64(0);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    /// <summary>Every chunk's id, owner and vector, for building the index; streamed, so memory holds one row at a time.</summary>
    public async IAsyncEnumerable<(long Id, string Owner, float[] Vector)> AllVectorsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id, owner, embedding FROM chunks ORDER BY owner, id", Connection);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<float[]>(2));
        }
    }

    /// <summary>The owner's chunks matching any of the query's words in <paramref name="language"/>, best full-text rank first.</summary>
    public async Task<List<(long Id, double Rank)>> MatchWordsAsync(string owner, string language, string orQuery, SearchFilter filter, int limit, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT c.id, ts_rank_cd(c.words, q) AS rank
            FROM chunks c JOIN documents d ON d.id = c.document_id, to_tsquery(@language::regconfig, @query) q
            WHERE c.owner = @owner AND c.language = @language AND c.words @@ q {filter.Sql}
            ORDER BY rank DESC, c.id
            LIMIT @limit
            """, Connection);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("language", language);
        command.Parameters.AddWithValue("query", orQuery);
        command.Parameters.AddWithValue("limit", limit);
        filter.AddParameters(command);
        var hits = new List<(long, double)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add((reader.GetInt64(0), Math.Round(reader.GetFloat(1), 4)));
        }

        return hits;
    }

    /// <summary>
    /// The <paramref name="limit"/> of the owner's chunks among <paramref name="ids"/> (the index's candidates) that pass
    /// the filter and are most similar to <paramref name="query"/> by their stored vectors, best first.
    /// </summary>
    public async Task<List<(long Id, double Similarity)>> NearestOfAsync(string owner, long[] ids, float[] query, SearchFilter filter, int limit, CancellationToken cancellationToken)
    {
        var nearest = new List<(long Id, double Similarity)>(ids.Length);
        if (ids.Length == 0)
        {
            return nearest;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT c.id, c.embedding
            FROM chunks c JOIN documents d ON d.id = c.document_id
            WHERE c.id = ANY(@ids) AND c.owner = @owner {filter.Sql}
            """, Connection);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("ids", ids);
        filter.AddParameters(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            nearest.Add((reader.GetInt64(0), Math.Round(Embeddings.Similarity(query, reader.GetFieldValue<float[]>(1)), 4)));
        }

        return [.. nearest.OrderByDescending(n => n.Similarity).ThenBy(n => n.Id).Take(limit)];
    }

    /// <summary>The owner's chunks among <paramref name="ids"/> that pass the filter, with their documents and a snippet marking the query's words.</summary>
    public async Task<Dictionary<long, ChunkRow>> ReadAsync(string owner, long[] ids, string orQuery, SearchFilter filter, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<long, ChunkRow>();
        if (ids.Length == 0)
        {
            return rows;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT c.id, c.document_id, d.name, c.collection, d.media_type, c.position, c.ordinal, c.text,
                   CASE WHEN @query = '' THEN left(c.text, 300)
                        ELSE ts_headline(c.language::regconfig, c.text, to_tsquery(c.language::regconfig, @query), @options) END
            FROM chunks c JOIN documents d ON d.id = c.document_id
            WHERE c.id = ANY(@ids) AND c.owner = @owner {filter.Sql}
            """, Connection);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("ids", ids);
        command.Parameters.AddWithValue("query", orQuery);
        command.Parameters.AddWithValue("options", $"StartSel={MarkStart}, StopSel={MarkEnd}, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"");
        filter.AddParameters(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[reader.GetInt64(0)] = new ChunkRow(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetInt32(6), reader.GetString(7), reader.GetString(8));
        }

        return rows;
    }

    /// <summary>Deletes the chunks of the owner's documents (one document, one collection, or all of them) and the documents; the chunks' ids come back for the index.</summary>
    public async Task<(int Documents, long[] ChunkIds)> DeleteDocumentsAsync(string owner, Guid? documentId, string? collection, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        var ids = new List<long>();
        await using (var chunks = new NpgsqlCommand("""
            DELETE FROM chunks WHERE owner = @owner AND (@document::uuid IS NULL OR document_id = @document) AND (@collection::text IS NULL OR collection = @collection)
            RETURNING id
            """, Connection, transaction))
        {
            AddScope(chunks, owner, documentId, collection);
            await using var reader = await chunks.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        int documents;
        await using (var delete = new NpgsqlCommand(
            "DELETE FROM documents WHERE owner = @owner AND (@document::uuid IS NULL OR id = @document) AND (@collection::text IS NULL OR collection = @collection)",
            Connection, transaction))
        {
            AddScope(delete, owner, documentId, collection);
            documents = await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (documents, [.. ids]);
    }

    private static void AddScope(NpgsqlCommand command, string owner, Guid? documentId, string? collection)
    {
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.Add(new NpgsqlParameter("document", NpgsqlDbType.Uuid) { Value = (object?)documentId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("collection", NpgsqlDbType.Text) { Value = (object?)collection ?? DBNull.Value });
    }
}

/// <summary>A chunk read back for a search hit; <see cref="Snippet"/> has the query's words between <see cref="ChunkStore.MarkStart"/> and <see cref="ChunkStore.MarkEnd"/>.</summary>
public sealed record ChunkRow(long Id, Guid DocumentId, string DocumentName, string Collection, string MediaType, string Position, int Ordinal, string Text, string Snippet);

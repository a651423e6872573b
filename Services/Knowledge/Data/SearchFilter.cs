using Npgsql;
using NpgsqlTypes;

namespace SutazAI.Knowledge.Data;

/// <summary>What a search is narrowed to: a collection, one document, media types; as SQL over <c>chunks c JOIN documents d</c>.</summary>
public sealed record SearchFilter(string? Collection, Guid? DocumentId, string[]? MediaTypes)
{
    public bool Narrows => Collection is not null || DocumentId is not null || MediaTypes is { Length: > 0 };

    public string Sql =>
        (Collection is null ? "" : " AND c.collection = @filter_collection")
        + (DocumentId is null ? "" : " AND c.document_id = @filter_document")
        + (MediaTypes is { Length: > 0 } ? " AND d.media_type = ANY(@filter_types)" : "");

    public void AddParameters(NpgsqlCommand command)
    {
        if (Collection is not null)
        {
            command.Parameters.AddWithValue("filter_collection", Collection);
        }

        if (DocumentId is not null)
        {
            command.Parameters.AddWithValue("filter_document", DocumentId.Value);
        }

        if (MediaTypes is { Length: > 0 })
        {
            command.Parameters.Add(new NpgsqlParameter("filter_types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = MediaTypes });
        }
    }
}

using Microsoft.EntityFrameworkCore;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// The outbox's rows are deleted as fast as they are written. Under load a minute's dead rows between two vacuums made
/// every claim of the relay slower (README, "Benchmark"): the table is vacuumed after a fixed number of dead rows, the
/// database looks for work to vacuum every 10 s, and a backlog is claimed through an index in the relay's order.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OutboxUpkeepTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_outbox_is_vacuumed_after_a_fixed_number_of_dead_rows_and_claimed_through_an_index()
    {
        await using var db = await OrchestratorDatabase.OpenAsync(platform.Host);

        var options = await db.Database
            .SqlQueryRaw<string>("SELECT unnest(reloptions) AS \"Value\" FROM pg_class WHERE relname = 'outbox_messages'")
            .ToListAsync();
        Assert.Contains("autovacuum_vacuum_scale_factor=0", options);
        Assert.Contains("autovacuum_vacuum_threshold=1000", options);

        var indexes = await db.Database
            .SqlQueryRaw<string>("SELECT indexdef AS \"Value\" FROM pg_indexes WHERE tablename = 'outbox_messages'")
            .ToListAsync();
        Assert.Contains(indexes, definition => definition.EndsWith("(\"Attempts\", \"Id\")", StringComparison.Ordinal));

        var naptime = await db.Database.SqlQueryRaw<string>("SELECT setting AS \"Value\" FROM pg_settings WHERE name = 'autovacuum_naptime'").SingleAsync();
        Assert.Equal("10", naptime);
    }
}

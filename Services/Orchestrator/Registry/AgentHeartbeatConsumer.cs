using MassTransit;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts.Messages;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Registry;

/// <summary>Keeps the registry: the instance's last beat, and the capabilities its agent type offers.</summary>
public sealed class AgentHeartbeatConsumer(OrchestratorDbContext db, CapabilityCatalog catalog, SkillAnnouncements announcements) : IConsumer<AgentHeartbeat>
{
    public async Task Consume(ConsumeContext<AgentHeartbeat> context)
    {
        var beat = context.Message;
        var token = context.CancellationToken;

        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO agent_instances ("InstanceId", "Agent", "InFlight", "MaxConcurrency", "Completed", "Failed", "AverageLatencyMs", "IntervalSeconds", "LastSeen")
            VALUES ({beat.InstanceId}, {beat.Agent}, {beat.InFlight}, {beat.MaxConcurrency}, {beat.Completed}, {beat.Failed}, {beat.AverageLatencyMs}, {beat.IntervalSeconds}, {beat.Timestamp})
            ON CONFLICT ("InstanceId") DO UPDATE SET
              "InFlight" = EXCLUDED."InFlight", "MaxConcurrency" = EXCLUDED."MaxConcurrency", "Completed" = EXCLUDED."Completed",
              "Failed" = EXCLUDED."Failed", "AverageLatencyMs" = EXCLUDED."AverageLatencyMs",
              "IntervalSeconds" = EXCLUDED."IntervalSeconds", "LastSeen" = GREATEST(agent_instances."LastSeen", EXCLUDED."LastSeen")
            """, token);

        var fingerprint = SkillAnnouncements.Fingerprint(beat.Skills);
        if (announcements.IsConfirmed(beat.Agent, fingerprint))
        {
            return;
        }

        var known = await db.Capabilities.AsNoTracking().Where(c => c.Agent == beat.Agent).ToListAsync(token);
        var changed = false;
        foreach (var skill in beat.Skills)
        {
            var schema = skill.InputSchema.GetRawText();
            var examples = skill.Examples?.Take(MaxExamples).Select(e => e.Length > MaxExampleLength ? e[..MaxExampleLength] : e).ToArray() ?? [];
            var existing = known.FirstOrDefault(c => c.Name == skill.Capability);
            if (existing is not null && existing.Description == skill.Description && existing.UsesLlm == skill.UsesLlm && JsonEquals(existing.InputSchema, schema)
                && existing.Examples.SequenceEqual(examples))
            {
                continue;
            }

            changed = true;
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO capabilities ("Name", "Agent", "Description", "InputSchema", "UsesLlm", "Examples", "UpdatedAt")
                VALUES ({skill.Capability}, {beat.Agent}, {skill.Description}, {schema}::jsonb, {skill.UsesLlm}, {examples}, {beat.Timestamp})
                ON CONFLICT ("Name", "Agent") DO UPDATE SET
                  "Description" = EXCLUDED."Description", "InputSchema" = EXCLUDED."InputSchema", "UsesLlm" = EXCLUDED."UsesLlm", "Examples" = EXCLUDED."Examples",
                  "UpdatedAt" = EXCLUDED."UpdatedAt"
                """, token);
        }

        if (changed)
        {
            catalog.Invalidate();
        }

        announcements.Confirm(beat.Agent, fingerprint);
    }

    private const int MaxExamples = 20;
    private const int MaxExampleLength = 300;

    // jsonb normalises whitespace and key order, so compare parsed documents.
    private static bool JsonEquals(string stored, string announced) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(
            System.Text.Json.Nodes.JsonNode.Parse(stored),
            System.Text.Json.Nodes.JsonNode.Parse(announced));
}

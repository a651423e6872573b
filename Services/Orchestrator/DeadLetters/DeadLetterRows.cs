using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts.Messages;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.DeadLetters;

/// <summary>Keeps a task message nobody could run as a dead letter, once per fault (its id).</summary>
public static class DeadLetterRows
{
    /// <summary>True when the row was added, false when this fault was kept before.</summary>
    public static async Task<bool> KeepAsync(
        OrchestratorDbContext db, Guid id, Guid faultId, ExecuteTask task, string exceptionType, string reason, string? host, DateTimeOffset failedAt,
        CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Serialize(task, JsonSerializerOptions.Web);
        var kept = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO dead_letters ("Id", "FaultId", "TaskId", "Capability", "Agent", "Message", "ExceptionType", "Reason", "Host", "FailedAt")
            VALUES ({id}, {faultId}, {task.TaskId}, {task.Capability},
              COALESCE((SELECT "Agent" FROM tasks WHERE "Id" = {task.TaskId}), 'unknown'),
              {message}::jsonb, {exceptionType.Clip(300)}, {reason.Clip(3000)}, {host?.Clip(300)}, {failedAt})
            ON CONFLICT ("FaultId") DO NOTHING
            """, cancellationToken);
        return kept == 1;
    }
}

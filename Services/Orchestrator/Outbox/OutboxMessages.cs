using System.Text.Json;
using SutazAI.Contracts;
using SutazAI.Contracts.Integration;
using SutazAI.Contracts.Messages;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Outbox;

/// <summary>Builds outbox rows for the messages the orchestrator sends, and reads them back for the relay.</summary>
public static class OutboxMessages
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OutboxMessage Execute(ExecuteTask message, string agent, DateTimeOffset now) => new()
    {
        Destination = AgentQueues.For(agent),
        MessageType = nameof(ExecuteTask),
        Body = JsonSerializer.Serialize(message, Json),
        Priority = (byte)message.Priority,
        CreatedAt = now,
        TraceParent = System.Diagnostics.Activity.Current?.Id,
    };

    public static OutboxMessage Cancel(CancelTask message, DateTimeOffset now) => new()
    {
        Destination = null,
        MessageType = nameof(CancelTask),
        Body = JsonSerializer.Serialize(message, Json),
        Priority = AgentQueues.MaxPriority,
        CreatedAt = now,
        TraceParent = System.Diagnostics.Activity.Current?.Id,
    };

    /// <summary>A task event for the bus client that submitted the task, to its events exchange.</summary>
    public static OutboxMessage ForBusClient(object message, string client, DateTimeOffset now) => new()
    {
        Destination = BusTopology.EventsExchange(client),
        MessageType = BusClientEventPrefix + message.GetType().Name,
        Body = JsonSerializer.Serialize(message, message.GetType(), Json),
        Priority = 0,
        CreatedAt = now,
        TraceParent = System.Diagnostics.Activity.Current?.Id,
    };

    /// <summary>
    /// The bus clients' event types by the names their rows carry: prefixed, so they stay distinct from the agents'
    /// messages of the same short names.
    /// </summary>
    private const string BusClientEventPrefix = "Integration.";

    private static readonly Dictionary<string, Type> BusClientEvents =
        new[] { typeof(SutazAI.Contracts.Integration.TaskCompleted), typeof(SutazAI.Contracts.Integration.TaskFailed), typeof(TaskCancelled) }
            .ToDictionary(type => BusClientEventPrefix + type.Name);

    /// <summary>The same id for every send of a row (its id and creation time), so consumers recognise a resend.</summary>
    public static Guid DeterministicId(OutboxMessage row)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes[..8], row.Id);
        BitConverter.TryWriteBytes(bytes[8..], row.CreatedAt.UtcTicks);
        return new Guid(bytes);
    }

    public static object Deserialize(OutboxMessage row) => row.MessageType switch
    {
        nameof(ExecuteTask) => JsonSerializer.Deserialize<ExecuteTask>(row.Body, Json)!,
        nameof(CancelTask) => JsonSerializer.Deserialize<CancelTask>(row.Body, Json)!,
        _ when BusClientEvents.TryGetValue(row.MessageType, out var type) => JsonSerializer.Deserialize(row.Body, type, Json)!,
        _ => throw new InvalidOperationException($"Unknown outbox message type '{row.MessageType}'."),
    };
}

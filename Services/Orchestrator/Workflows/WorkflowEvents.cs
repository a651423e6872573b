using System.Globalization;
using SutazAI.Orchestrator.Streams;

namespace SutazAI.Orchestrator.Workflows;

/// <summary>
/// Tells event-stream readers on every orchestrator replica that a workflow changed (its new version), through Redis
/// pub/sub; a reader then reads the workflow once. Readers also re-read on a slow timer, which covers Redis' absence.
/// </summary>
public sealed class WorkflowEvents(RedisFanOut fanOut)
{
    private static string ChannelFor(Guid workflowId) => $"sutazai:workflow-events:{workflowId:N}";

    public Task PublishAsync(Guid workflowId, int version) =>
        fanOut.PublishAsync(ChannelFor(workflowId), version.ToString(CultureInfo.InvariantCulture));

    /// <summary>Calls <paramref name="onVersion"/> with each new version; dispose to stop. Null when Redis is away.</summary>
    public Task<IAsyncDisposable?> SubscribeAsync(Guid workflowId, Action<int> onVersion) =>
        fanOut.SubscribeAsync(ChannelFor(workflowId), message =>
        {
            if (int.TryParse(message, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                onVersion(version);
            }
        });
}

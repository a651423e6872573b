using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SutazAI.Contracts.Workflows;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Streams;

namespace SutazAI.Orchestrator.Workflows;

/// <summary>
/// One reader's events of one workflow: the workflow as it is, then each new version (<c>workflow</c>) until it ends
/// (<c>end</c>) or the stream's lifetime is over. Redis tells of new versions (<see cref="WorkflowEvents"/>); the
/// workflow is read from PostgreSQL then, and on a slow timer that covers anything Redis lost. Each event's id is the
/// version, so a reader who reconnects with it gets only newer ones.
/// </summary>
public sealed class WorkflowStream(OrchestratorDbContext db, WorkflowEvents events, IOptions<StreamOptions> options, TimeProvider clock)
{
    private const int MaxWaitingPushes = 64;

    /// <summary>Whether a reader at <paramref name="position"/> has seen all there is of a workflow that has ended.</summary>
    public static bool HasSeenTheEnd(WorkflowRecord workflow, StreamPosition? position) =>
        workflow.Status != WorkflowState.Running && position is { } seen && seen.Version >= workflow.Version;

    public async IAsyncEnumerable<SseItem<WorkflowView>> FollowAsync(Guid workflowId, StreamPosition? resumeAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var pushed = Channel.CreateBounded<int>(new BoundedChannelOptions(MaxWaitingPushes) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        await using var subscription = await events.SubscribeAsync(workflowId, version => pushed.Writer.TryWrite(version));
        var window = new StreamWindow(settings, clock, pushed: subscription is not null);

        var seen = resumeAfter?.Version ?? 0;
        var first = true;
        while (await db.Workflows.AsNoTracking().Include(w => w.Steps).FirstOrDefaultAsync(w => w.Id == workflowId, cancellationToken) is { } workflow)
        {
            var final = workflow.Status != WorkflowState.Running;
            if (workflow.Version > seen)
            {
                seen = workflow.Version;
                yield return new SseItem<WorkflowView>(workflow.ToView(), final ? "end" : "workflow")
                {
                    EventId = new StreamPosition(seen, 0).WorkflowEventId,
                    ReconnectionInterval = first ? settings.ReconnectAfter : null,
                };
                first = false;
            }

            if (final)
            {
                yield break;
            }

            // Until a newer version is pushed, the timer says to look anyway, or the lifetime is over.
            var newer = false;
            while (!newer)
            {
                if (window.NextWait() is not { } wait)
                {
                    yield break;
                }

                if (!await Pushes.WaitAsync(pushed.Reader, wait, cancellationToken))
                {
                    break;
                }

                while (pushed.Reader.TryRead(out var version))
                {
                    newer |= version > seen;
                }
            }
        }
    }
}

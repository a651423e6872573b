using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Streams;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// One reader's events of one task: the current state, then every change (<c>status</c>) and output piece
/// (<c>delta</c>, in sequence order) until the task is final (<c>end</c>) or the stream's lifetime is over. Redis
/// pushes them; the task is read from PostgreSQL at the start, when a push says it became final, when output arrives
/// out of order, and on a slow timer that covers anything Redis lost. Each event's id is the reader's
/// <see cref="StreamPosition"/>, so a reader who reconnects with it gets the rest exactly once.
/// </summary>
public sealed class TaskStream(OrchestratorDbContext db, TaskEvents events, IOptions<StreamOptions> options, TimeProvider clock)
{
    private const int MaxWaitingPushes = 1024;

    /// <summary>Whether a reader at <paramref name="position"/> has seen all there is of a task that has ended.</summary>
    public static bool HasSeenTheEnd(TaskRecord task, StreamPosition? position) =>
        task.Status.IsFinal() && position is { } seen && seen.Version >= task.Version;

    public async IAsyncEnumerable<SseItem<object>> FollowAsync(Guid taskId, StreamPosition? resumeAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var pushed = Channel.CreateBounded<TaskEvents.Item>(new BoundedChannelOptions(MaxWaitingPushes) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        await using var subscription = await events.SubscribeAsync(taskId, item => pushed.Writer.TryWrite(item));
        var window = new StreamWindow(settings, clock, pushed: subscription is not null);

        var position = resumeAfter ?? new StreamPosition(0, 0);
        var early = new SortedDictionary<int, TaskDelta>();
        var first = true;
        var reread = true;
        var catchUp = true;
        while (true)
        {
            if (reread)
            {
                if (await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken) is not { } task)
                {
                    yield break;
                }

                var final = task.Status.IsFinal();
                if (catchUp || final)
                {
                    // What was kept and what arrived early, in order; a piece neither has is gone (the result holds all).
                    foreach (var delta in (await events.OutputSoFarAsync(taskId)).Concat(early.Values).Where(d => d.Sequence >= position.Output).DistinctBy(d => d.Sequence).OrderBy(d => d.Sequence))
                    {
                        position = position with { Output = delta.Sequence + 1 };
                        yield return Event(delta, "delta");
                    }

                    early.Clear();
                }

                if (task.Version > position.Version)
                {
                    position = position with { Version = task.Version };
                    yield return Event(task.ToEvent(), final ? "end" : "status");
                }

                if (final)
                {
                    yield break;
                }
            }

            reread = catchUp = false;
            if (window.NextWait() is not { } wait)
            {
                yield break;
            }

            var pushes = await Pushes.WaitAsync(pushed.Reader, wait, cancellationToken);
            reread = !pushes;
            while (pushed.Reader.TryRead(out var item))
            {
                if (item.Delta is { } delta && delta.Sequence == position.Output)
                {
                    position = position with { Output = delta.Sequence + 1 };
                    yield return Event(delta, "delta");
                    while (early.Remove(position.Output, out var next))
                    {
                        position = position with { Output = next.Sequence + 1 };
                        yield return Event(next, "delta");
                    }
                }
                else if (item.Delta is { } ahead && ahead.Sequence > position.Output)
                {
                    early[ahead.Sequence] = ahead;
                    reread = catchUp = true;
                }
                else if (item.Change is { } change && item.Version > position.Version)
                {
                    // A final state is announced as the database has it, after the output kept so far.
                    if (change.Status.IsFinal())
                    {
                        reread = true;
                    }
                    else
                    {
                        position = position with { Version = item.Version };
                        yield return Event(change, "status");
                    }
                }
            }
        }

        SseItem<object> Event(object data, string type)
        {
            var item = new SseItem<object>(data, type) { EventId = position.TaskEventId, ReconnectionInterval = first ? settings.ReconnectAfter : null };
            first = false;
            return item;
        }
    }
}

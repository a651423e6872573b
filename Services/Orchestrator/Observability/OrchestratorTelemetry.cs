using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SutazAI.Orchestrator.Observability;

/// <summary>
/// The orchestrator's spans and business metrics (meter <c>SutazAI</c>; Prometheus sees <c>sutazai_...</c>).
/// Counters are recorded where the change is made; backlog gauges live with <see cref="BacklogSampler"/>.
/// </summary>
public static class OrchestratorTelemetry
{
    internal static readonly Meter Meter = new(Telemetry.MeterName);

    public static readonly Counter<long> TasksSubmitted = Meter.CreateCounter<long>("sutazai.tasks.submitted", "{task}", "Tasks queued for an agent (API, batch and workflow steps).");
    public static readonly Counter<long> TasksCompleted = Meter.CreateCounter<long>("sutazai.tasks.completed", "{task}", "Tasks that completed, recorded once per task.");
    public static readonly Counter<long> TasksFailed = Meter.CreateCounter<long>("sutazai.tasks.failed", "{task}", "Tasks that failed (timeouts and dead letters included).");
    public static readonly Counter<long> TasksCancelled = Meter.CreateCounter<long>("sutazai.tasks.cancelled", "{task}", "Tasks cancelled by a client.");
    public static readonly Histogram<double> TaskDuration = Meter.CreateHistogram("sutazai.task.duration", "s", "From an agent starting a task to its outcome.", tags: null, advice: Telemetry.SecondsBuckets);
    public static readonly Histogram<double> TaskQueueWait = Meter.CreateHistogram("sutazai.task.queue_wait", "s", "From submission to an agent starting the task.", tags: null, advice: Telemetry.SecondsBuckets);
    public static readonly Histogram<double> WorkflowDuration = Meter.CreateHistogram("sutazai.workflow.duration", "s", "From a workflow's creation to its end, by final status.", tags: null, advice: Telemetry.SecondsBuckets);

    /// <summary>Counts one finished task and its durations, after its outcome was committed.</summary>
    public static void RecordOutcome(Counter<long> counter, string capability, string agent, DateTimeOffset createdAt, DateTimeOffset? startedAt, DateTimeOffset endedAt)
    {
        var tags = new TagList { { "capability", capability }, { "agent", agent } };
        counter.Add(1, tags);
        if (startedAt is { } started)
        {
            TaskQueueWait.Record(Math.Max(0, (started - createdAt).TotalSeconds), tags);
            TaskDuration.Record(Math.Max(0, (endedAt - started).TotalSeconds), tags);
        }
    }
}

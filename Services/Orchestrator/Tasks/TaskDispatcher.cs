using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Assignment;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Observability;
using SutazAI.Orchestrator.Outbox;
using SutazAI.Orchestrator.Registry;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// Chooses the agent for a task and adds the task with its <see cref="ExecuteTask"/> to the unit of work (the caller
/// commits both together). Submission, batches, workflow steps and redrives all dispatch through here.
/// </summary>
public sealed class TaskDispatcher(
    OrchestratorDbContext db,
    CapabilityCatalog catalog,
    AgentRegistry registry,
    AssignmentStrategies strategies,
    IOptionsMonitor<AssignmentOptions> options,
    TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    /// <summary>Where a task goes: the skill that runs it (its schema checked the input) and the agent chosen.</summary>
    public sealed record Choice(CapabilityCatalog.Entry Offer, AssignmentDecision Decision);

    /// <summary>Why no agent can take the task: a problem type, its detail, and the field it is about.</summary>
    public sealed record Refusal(string ProblemType, string Detail, string Field, string[] Messages);

    /// <summary>Checks the capability, the named agent (if any) and the input, then picks the agent by the capability's strategy.</summary>
    public async Task<(Choice? Choice, Refusal? Refusal)> ChooseAsync(string capability, string? agent, JsonElement input, int priority, CancellationToken cancellationToken)
    {
        var offers = await catalog.FindAsync(capability, cancellationToken);
        if (offers.Count == 0)
        {
            var known = (await catalog.CurrentAsync(cancellationToken)).Select(e => e.Name).Distinct().ToArray();
            return (null, new Refusal(ProblemTypes.UnknownCapability, $"No agent offers the capability '{capability}'.", "capability",
                known.Length > 0 ? [$"Known: {string.Join(", ", known)}"] : ["No agent has registered yet."]));
        }

        var offer = agent is null ? offers[0] : offers.FirstOrDefault(o => string.Equals(o.Agent, agent, StringComparison.Ordinal));
        if (offer is null)
        {
            return (null, new Refusal(ProblemTypes.UnknownAgent, $"The agent '{agent}' does not offer '{capability}'.", "agent",
                [$"Offered by: {string.Join(", ", offers.Select(o => o.Agent))}"]));
        }

        var violations = InputValidator.Validate(offer.Schema, input);
        if (violations.Count > 0)
        {
            return (null, new Refusal(ProblemTypes.InvalidInput, $"The input does not match the schema of '{offer.Name}'.", "input", [.. violations]));
        }

        var decision = agent is not null
            ? new AssignmentDecision(agent, "requested", "the client named the agent")
            : strategies.Choose(options.CurrentValue.StrategyFor(capability), capability, priority,
                offers.Select(o => o.Agent).ToList(), await registry.SnapshotAsync(cancellationToken));
        return (new Choice(offer, decision), null);
    }

    /// <summary>Adds the task (Queued) and its message for the chosen agent.</summary>
    public TaskRecord Dispatch(Choice choice, JsonElement input, int priority, string owner,
        Guid? workflowId = null, string? stepId = null, string? routing = null)
    {
        var now = clock.GetUtcNow();
        var task = new TaskRecord
        {
            Id = Guid.CreateVersion7(now),
            Owner = owner,
            Capability = choice.Offer.Name,
            Agent = choice.Decision.Agent,
            AssignedBy = choice.Decision.Strategy,
            AssignmentReason = choice.Decision.Reason.Clip(MaxReasonLength),
            Status = TaskState.Queued,
            Priority = priority,
            Input = input.GetRawText(),
            CreatedAt = now,
            WorkflowId = workflowId,
            StepId = stepId,
            Routing = routing,
        };
        db.Tasks.Add(task);
        OrchestratorTelemetry.TasksSubmitted.Add(1, new("capability", task.Capability), new("agent", task.Agent));
        Activity.Current?.SetTag("sutazai.task_id", task.Id).SetTag("sutazai.capability", task.Capability).SetTag("sutazai.agent", task.Agent);
        if (workflowId is { } workflow)
        {
            Activity.Current?.SetTag("sutazai.workflow_id", workflow);
        }

        Send(new ExecuteTask(task.Id, task.Capability, input, priority, now, owner), task.Agent);
        return task;
    }

    /// <summary>Sends a task's message again, to the agent it was assigned to (a redriven dead letter).</summary>
    public void Send(ExecuteTask message, string agent) =>
        db.Outbox.Add(OutboxMessages.Execute(message, agent, clock.GetUtcNow()));
}

using System.Text.Json;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Outbox;
using SutazAI.Orchestrator.Registry;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// Accepts a task: checks the request, the capability and the input against the skill's schema, then stores
/// the task and its <see cref="ExecuteTask"/> in one transaction. Nothing is stored when any check fails.
/// </summary>
public sealed class TaskSubmission(OrchestratorDbContext db, CapabilityCatalog catalog, OutboxSignal signal, TimeProvider clock)
{
    public const int MinPriority = 0;
    public const int MaxPriority = AgentQueues.MaxPriority;

    public async Task<SubmitOutcome> SubmitAsync(SubmitTaskRequest request, string? requester, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Capability))
        {
            problems["capability"] = ["The capability is required, e.g. \"text.sentiment\"."];
        }
        else if (request.Capability.Length > 200)
        {
            problems["capability"] = ["The capability name is at most 200 characters."];
        }

        if (request.Input is not { ValueKind: JsonValueKind.Object })
        {
            problems["input"] = ["The input is required and must be a JSON object."];
        }

        var priority = request.Priority ?? SubmitTaskRequest.DefaultPriority;
        if (priority is < MinPriority or > MaxPriority)
        {
            problems["priority"] = [$"The priority must be between {MinPriority} and {MaxPriority}."];
        }

        if (request.Agent is { Length: > 100 })
        {
            problems["agent"] = ["The agent name is at most 100 characters."];
        }

        if (problems.Count > 0)
        {
            return SubmitOutcome.Invalid(ProblemTypes.ValidationFailed, "The request is invalid.", problems);
        }

        var offers = await catalog.FindAsync(request.Capability!, cancellationToken);
        if (offers.Count == 0)
        {
            var known = (await catalog.CurrentAsync(cancellationToken)).Select(e => e.Name).Distinct().ToArray();
            return SubmitOutcome.Invalid(ProblemTypes.UnknownCapability,
                $"No agent offers the capability '{request.Capability}'.",
                new Dictionary<string, string[]> { ["capability"] = known.Length > 0 ? [$"Known: {string.Join(", ", known)}"] : ["No agent has registered yet."] });
        }

        var offer = request.Agent is null
            ? offers[0]
            : offers.FirstOrDefault(o => string.Equals(o.Agent, request.Agent, StringComparison.Ordinal));
        if (offer is null)
        {
            return SubmitOutcome.Invalid(ProblemTypes.UnknownAgent,
                $"The agent '{request.Agent}' does not offer '{request.Capability}'.",
                new Dictionary<string, string[]> { ["agent"] = [$"Offered by: {string.Join(", ", offers.Select(o => o.Agent))}"] });
        }

        var violations = InputValidator.Validate(offer.Schema, request.Input!.Value);
        if (violations.Count > 0)
        {
            return SubmitOutcome.Invalid(ProblemTypes.InvalidInput,
                $"The input does not match the schema of '{offer.Name}'.",
                new Dictionary<string, string[]> { ["input"] = [.. violations] });
        }

        var task = TaskDispatch.Add(db, offer.Name, offer.Agent, request.Input.Value, priority, requester, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return SubmitOutcome.Accepted(task);
    }
}

/// <summary>Either the stored task or the problem that kept it out.</summary>
public sealed record SubmitOutcome(TaskRecord? Task, string? ProblemType, string? Detail, IDictionary<string, string[]>? Errors)
{
    public static SubmitOutcome Accepted(TaskRecord task) => new(task, null, null, null);

    public static SubmitOutcome Invalid(string type, string detail, IDictionary<string, string[]> errors) => new(null, type, detail, errors);
}

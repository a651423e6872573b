using System.Security.Cryptography;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SutazAI.Contracts;
using SutazAI.Contracts.Integration;
using SutazAI.Contracts.Tasks;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Idempotency;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.BusClients;

/// <summary>
/// <see cref="SubmitTask"/> from another team's service, through the same <see cref="TaskSubmission"/> as the HTTP
/// API. The sender is the client whose submit queue the command arrived on (only that RabbitMQ user may write to
/// it); the message id is the idempotency key. The answer goes to the client's events exchange, never to an address
/// the message names, so a client cannot make the platform write anywhere else.
/// </summary>
public sealed class SubmitTaskConsumer(
    TaskSubmission submission,
    IdempotencyContext idempotency,
    OrchestratorDbContext db,
    IOptions<BusClientOptions> options,
    TimeProvider clock) : IConsumer<SubmitTask>
{
    private const string Endpoint = "bus-submit";

    public async Task Consume(ConsumeContext<SubmitTask> context)
    {
        var client = ClientOf(context.ReceiveContext.InputAddress);
        var events = await context.GetSendEndpoint(new Uri($"exchange:{BusTopology.EventsExchange(client)}"));
        var answer = await AnswerAsync(client, context.MessageId, context.Message, context.CancellationToken);
        await events.Send(answer, answer.GetType(), reply => reply.Durable = true, context.CancellationToken);
    }

    /// <summary>The client's name from its submit queue's address (<c>…/sutazai.submit.NAME</c>).</summary>
    public static string ClientOf(Uri inputAddress)
    {
        var queue = inputAddress.AbsolutePath.TrimEnd('/').Split('/')[^1];
        var prefix = BusTopology.SubmitExchange(string.Empty);
        return queue.StartsWith(prefix, StringComparison.Ordinal) ? queue[prefix.Length..] : queue;
    }

    private async Task<object> AnswerAsync(string client, Guid? messageId, SubmitTask command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (messageId is not { } commandId || commandId == Guid.Empty)
        {
            return Rejected(Guid.Empty, ProblemTypes.BadRequest, "The command carries no message id; it is the idempotency key, so one is required.", now);
        }

        if (!options.Value.Clients.TryGetValue(client, out var configuration) || BusSubmitter.For(client, configuration) is not { } submitter)
        {
            return Rejected(commandId, ProblemTypes.Forbidden, $"The bus client '{client}' may not submit tasks (it needs the 'tasks:write' scope).", now);
        }

        var claim = new IdempotencyContext.Claim($"{submitter.Owner}:{Endpoint}", commandId.ToString("N"), Hash(command));
        if (await ReplayAsync(commandId, claim, cancellationToken) is { } replay)
        {
            return replay;
        }

        idempotency.Current = claim;
        SubmitOutcome outcome;
        try
        {
            outcome = await submission.SubmitAsync(new SubmitTaskRequest(command.Capability, command.Input, command.Priority, command.Agent), submitter, cancellationToken);
        }
        catch (DbUpdateException ex) when (IdempotencyFilter.IsConcurrentClaim(ex))
        {
            // The same command was redelivered to another consumer, which stored it first.
            db.ChangeTracker.Clear();
            return await ReplayAsync(commandId, claim, cancellationToken) ?? throw new InvalidOperationException("The concurrent answer vanished.", ex);
        }

        return outcome.Task is { } task
            ? new TaskAccepted(commandId, task.Id, task.Capability, task.Agent, task.CreatedAt)
            : new TaskRejected(commandId, outcome.ProblemType!, outcome.Detail!, outcome.Errors?.AsReadOnly() ?? Empty, now);
    }

    /// <summary>The answer to an earlier delivery of the same command, or a rejection when the id came with another body.</summary>
    private async Task<object?> ReplayAsync(Guid commandId, IdempotencyContext.Claim claim, CancellationToken cancellationToken)
    {
        if (await idempotency.FindAsync(claim, cancellationToken) is not { } record)
        {
            return null;
        }

        if (record.RequestHash != claim.RequestHash)
        {
            return Rejected(commandId, ProblemTypes.Conflict, "This message id was first used for a different command; send a new command with a new id.", clock.GetUtcNow());
        }

        var task = JsonSerializer.Deserialize<TaskView>(record.Body, IdempotencyContext.Json)!;
        return new TaskAccepted(commandId, task.Id, task.Capability, task.Agent, task.CreatedAt);
    }

    private static TaskRejected Rejected(Guid commandId, string type, string detail, DateTimeOffset at) => new(commandId, type, detail, Empty, at);

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>().AsReadOnly();

    private static string Hash(SubmitTask command) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(command, IdempotencyContext.Json))).ToLowerInvariant();
}

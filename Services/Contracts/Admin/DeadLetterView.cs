using System.Text.Json;

namespace SutazAI.Contracts.Admin;

/// <summary>A task message that failed every retry, as the admin API shows it.</summary>
/// <param name="Id">The dead letter's id.</param>
/// <param name="TaskId">The task it would have run.</param>
/// <param name="Capability">The capability the task asked for.</param>
/// <param name="Agent">The agent type that gave up.</param>
/// <param name="ExceptionType">The last attempt's exception type.</param>
/// <param name="Reason">The last attempt's exception message.</param>
/// <param name="Host">The agent instance's machine and process.</param>
/// <param name="FailedAt">When the last retry failed.</param>
/// <param name="Message">The <c>ExecuteTask</c> as it was sent; a redrive sends it again.</param>
/// <param name="RedrivenAt">When it was sent again; null while it waits for an operator.</param>
public sealed record DeadLetterView(
    Guid Id,
    Guid TaskId,
    string Capability,
    string Agent,
    string ExceptionType,
    string Reason,
    string? Host,
    DateTimeOffset FailedAt,
    DateTimeOffset? RedrivenAt,
    JsonElement Message);

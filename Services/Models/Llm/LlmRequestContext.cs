using SutazAI.Contracts;

namespace SutazAI.Models.Llm;

/// <summary>
/// Who a call is for and how urgent it is. A user's call (through the gateway) is for the token's subject; an agent's
/// call names, in a header only a service's token is trusted with, the requester of the task it runs.
/// </summary>
public sealed record LlmRequestContext(string Requester, int Priority)
{
    public const string Anonymous = "anonymous";

    public static LlmRequestContext From(HttpRequest request)
    {
        var subject = request.HttpContext.User.Requester();
        var requester = subject is null || subject.StartsWith(InternalTokens.ServiceSubjectPrefix, StringComparison.Ordinal)
            ? request.Headers[LlmHeaders.Requester].ToString()
            : subject;
        if (string.IsNullOrWhiteSpace(requester) || requester.Length > 100)
        {
            requester = Anonymous;
        }

        var priority = int.TryParse(request.Headers[LlmHeaders.Priority], out var value) ? Math.Clamp(value, 0, AgentQueues.MaxPriority) : 5;
        return new LlmRequestContext(requester, priority);
    }
}

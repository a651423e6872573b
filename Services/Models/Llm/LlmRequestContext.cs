using SutazAI.Contracts;

namespace SutazAI.Models.Llm;

/// <summary>Who a call is for and how urgent it is, from the headers agents send.</summary>
public sealed record LlmRequestContext(string Requester, int Priority)
{
    public const string Anonymous = "anonymous";

    public static LlmRequestContext From(HttpRequest request)
    {
        var requester = request.Headers[LlmHeaders.Requester].ToString();
        if (string.IsNullOrWhiteSpace(requester) || requester.Length > 100)
        {
            requester = Anonymous;
        }

        var priority = int.TryParse(request.Headers[LlmHeaders.Priority], out var value) ? Math.Clamp(value, 0, AgentQueues.MaxPriority) : 5;
        return new LlmRequestContext(requester, priority);
    }
}

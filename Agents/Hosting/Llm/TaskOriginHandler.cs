using SutazAI.Agents.Hosting.Execution;
using SutazAI.Contracts;

namespace SutazAI.Agents.Hosting.Llm;

/// <summary>Stamps LLM calls with the task's requester and priority, for the models service's budgets and slots.</summary>
internal sealed class TaskOriginHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (TaskScope.Current is { } task)
        {
            request.Headers.Remove(LlmHeaders.Priority);
            request.Headers.Add(LlmHeaders.Priority, task.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (task.Requester is { Length: > 0 } requester)
            {
                request.Headers.Remove(LlmHeaders.Requester);
                request.Headers.Add(LlmHeaders.Requester, requester);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}

using System.Net;
using SutazAI.Contracts;

namespace SutazAI.Agents.Hosting.Llm;

/// <summary>Turns a failed call to the models service into the task's problem type.</summary>
public static class LlmFailures
{
    public static (string Type, string Detail)? Classify(Exception exception) => exception switch
    {
        HttpRequestException { StatusCode: HttpStatusCode.ServiceUnavailable } => (ProblemTypes.LlmUnavailable, "No LLM is available: " + exception.Message),
        HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests } => (ProblemTypes.BudgetExhausted, exception.Message),
        HttpRequestException { StatusCode: null } => (ProblemTypes.LlmUnavailable, "The models service is not reachable: " + exception.Message),
        HttpRequestException => (ProblemTypes.LlmFailed, exception.Message),
        _ when exception.GetType().FullName?.StartsWith("OllamaSharp", StringComparison.Ordinal) == true => (ProblemTypes.LlmFailed, exception.Message),
        _ when exception.InnerException is { } inner => Classify(inner),
        _ => null,
    };
}

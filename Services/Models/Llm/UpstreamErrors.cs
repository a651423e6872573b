using System.Net;
using System.Net.Sockets;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace SutazAI.Models.Llm;

/// <summary>Sorts what can go wrong talking to Ollama into "unavailable" (503) and "it answered with an error" (502).</summary>
internal static class UpstreamErrors
{
    public static bool IsConnectionFailure(Exception exception) => exception switch
    {
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
        SocketException => true,
        _ => exception.InnerException is not null && IsConnectionFailure(exception.InnerException),
    };

    public static bool IsUnavailable(Exception exception) =>
        exception is LlmUnavailableException or BrokenCircuitException or TimeoutRejectedException or IsolatedCircuitException
        || IsConnectionFailure(exception)
        || exception is HttpRequestException { StatusCode: HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout };

    public static string Describe(Exception exception) => exception switch
    {
        LlmUnavailableException => exception.Message,
        BrokenCircuitException => "Ollama failed repeatedly; calls fail fast until it recovers (retry in a few seconds).",
        TimeoutRejectedException => "Ollama did not answer in time.",
        _ when IsConnectionFailure(exception) => "Ollama is not reachable.",
        _ => exception.Message,
    };
}

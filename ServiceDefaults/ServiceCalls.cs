namespace Microsoft.Extensions.Hosting;

/// <summary>What a call to another service throws when that service cannot be reached.</summary>
public static class ServiceCalls
{
    /// <summary>
    /// The connection or the request failed (<see cref="HttpRequestException"/>), or the standard resilience pipeline
    /// every client has (<see cref="Extensions"/>) refused to try: an open circuit after repeated failures, or its
    /// timeout (<see cref="Polly.ExecutionRejectedException"/>). A service starting up produces both.
    /// </summary>
    public static bool Unreachable(Exception exception) => exception is HttpRequestException or Polly.ExecutionRejectedException;
}

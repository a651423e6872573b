namespace SutazAI.Contracts.Auth;

/// <summary>
/// On-behalf-of calls: a gateway route whose metadata names <see cref="RouteMetadataKey"/> (e.g. the knowledge
/// service's, naming <c>orchestrator</c>) also passes the service a caller token for that second service, so the
/// service can submit the person's tasks as the person. The gateway drops this header when a client sends it.
/// </summary>
public static class DelegatedCaller
{
    public const string TokenHeader = "X-SutazAI-Delegated-Token";
    public const string RouteMetadataKey = "DelegateTo";
}

namespace SutazAI.Contracts.Auth;

/// <summary>
/// How the web console tells the gateway whose sign-in it passes on: the browser's address, believed only beside the
/// console's own service token (<c>service:web</c>).
/// </summary>
public static class ForwardedClient
{
    public const string AddressHeader = "X-SutazAI-Client-Address";
    public const string ServiceTokenHeader = "X-SutazAI-Service-Token";
    public const string ConsoleService = "service:web";
}

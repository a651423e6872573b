using SutazAI.Contracts.Auth;

namespace SutazAI.Gateway.WebConsole;

/// <summary>
/// Whose address a sign-in comes from, for the lockout after repeated failures. The web console signs people in from
/// its own address, so it passes on the browser's (as this gateway forwarded it) together with its service token; the
/// header is believed only with a valid token of the console, never from anyone else.
/// </summary>
public static class ClientAddress
{
    private const int MaxLength = 64;

    public static async Task<string> OfAsync(HttpContext context)
    {
        var own = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var request = context.Request.Headers;
        if (request[ForwardedClient.AddressHeader].ToString() is not { Length: > 0 and <= MaxLength } forwarded || !System.Net.IPAddress.TryParse(forwarded, out _))
        {
            return own;
        }

        var service = await context.RequestServices.GetRequiredService<InternalTokens>().ValidateAsync(request[ForwardedClient.ServiceTokenHeader].ToString());
        return service?.Name == ForwardedClient.ConsoleService ? forwarded : own;
    }
}

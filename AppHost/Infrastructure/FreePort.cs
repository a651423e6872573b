using System.Net;
using System.Net.Sockets;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>Picks a free loopback port, so a dev run and a test run never collide.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using System.Net.Sockets;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>
/// Picks a free loopback port for a service or daemon to bind later, so a dev run and a test run never collide.
/// </summary>
/// <remarks>
/// The port is chosen outside the kernel's ephemeral range: a service binds its port only after waiting for the
/// daemons, and in that time an outgoing connection may be given any free ephemeral port as its local port, which
/// made a service fail to start with "address already in use". Ports are taken in turn from a random starting
/// point, so two hosts starting together rarely pick the same ones and one host never picks a port twice.
/// </remarks>
public static class FreePort
{
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";

    // IANA's dynamic range, used by Windows and macOS for outgoing connections.
    private static readonly PortRange DefaultEphemeral = new(49152, 65535);

    private static readonly Lock Gate = new();
    private static int following = -1;

    /// <summary>The ports the kernel hands to outgoing connections on this machine.</summary>
    public static PortRange Ephemeral { get; } = ReadEphemeralRange();

    /// <summary>The ports this class chooses from: the larger span outside <see cref="Ephemeral"/>, above 10000.</summary>
    public static PortRange Candidates { get; } = CandidatesOutside(Ephemeral);

    public static int Next()
    {
        lock (Gate)
        {
            if (following < 0)
            {
                following = Candidates.Low + Random.Shared.Next(Candidates.Count);
            }

            for (var tried = 0; tried < Candidates.Count; tried++)
            {
                var port = following;
                following = port == Candidates.High ? Candidates.Low : port + 1;
                if (IsFree(port))
                {
                    return port;
                }
            }

            throw new InvalidOperationException($"No free loopback port between {Candidates.Low} and {Candidates.High}.");
        }
    }

    public static PortRange CandidatesOutside(PortRange ephemeral)
    {
        const int lowest = 10000;
        var below = new PortRange(lowest, Math.Max(lowest, ephemeral.Low - 1));
        var above = new PortRange(Math.Min(ephemeral.High + 1, IPEndPoint.MaxPort), IPEndPoint.MaxPort);
        return below.Count >= above.Count ? below : above;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static PortRange ReadEphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText(EphemeralRangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2 && int.TryParse(parts[0], out var low) && int.TryParse(parts[1], out var high) && low <= high
                ? new PortRange(low, high)
                : DefaultEphemeral;
        }
        catch (IOException)
        {
            return DefaultEphemeral;
        }
        catch (UnauthorizedAccessException)
        {
            return DefaultEphemeral;
        }
    }
}

/// <summary>An inclusive span of TCP ports.</summary>
public readonly record struct PortRange(int Low, int High)
{
    public int Count => High - Low + 1;

    public bool Contains(int port) => port >= Low && port <= High;
}

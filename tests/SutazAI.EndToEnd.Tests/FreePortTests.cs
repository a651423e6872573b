using System.Net;
using System.Net.Sockets;
using SutazAI.AppHost.Infrastructure;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// The ports the AppHost gives its services and daemons: a service binds its port only after waiting for the
/// daemons, so the port must not be one the kernel may meanwhile give an outgoing connection.
/// </summary>
public sealed class FreePortTests
{
    [Fact]
    public void Ports_are_chosen_outside_the_range_the_kernel_gives_outgoing_connections_and_never_twice()
    {
        var ports = Enumerable.Range(0, 200).Select(_ => FreePort.Next()).ToList();

        Assert.All(ports, port => Assert.False(FreePort.Ephemeral.Contains(port), $"{port} is in the ephemeral range {FreePort.Ephemeral}"));
        Assert.All(ports, port => Assert.True(FreePort.Candidates.Contains(port), $"{port} is outside {FreePort.Candidates}"));
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }

    [Fact]
    public async Task A_chosen_port_still_binds_after_hundreds_of_outgoing_connections_opened_in_the_meantime()
    {
        var chosen = Enumerable.Range(0, 20).Select(_ => FreePort.Next()).ToList();
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start(1000);
        var address = (IPEndPoint)server.LocalEndpoint;
        var clients = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 500; i++)
            {
                var client = new TcpClient(AddressFamily.InterNetwork);
                clients.Add(client);
                await client.ConnectAsync(address);
                using var accepted = await server.AcceptTcpClientAsync();
            }

            var localPorts = clients.Select(client => ((IPEndPoint)client.Client.LocalEndPoint!).Port).ToHashSet();
            Assert.All(chosen, port => Assert.DoesNotContain(port, localPorts));
            foreach (var port in chosen)
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
            }
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    [Theory]
    [InlineData(32768, 60999, 10000, 32767)]
    [InlineData(49152, 65535, 10000, 49151)]
    [InlineData(1024, 40000, 40001, 65535)]
    public void The_candidates_are_the_larger_span_outside_the_ephemeral_range(int low, int high, int fromPort, int toPort)
    {
        Assert.Equal(new PortRange(fromPort, toPort), FreePort.CandidatesOutside(new PortRange(low, high)));
    }
}

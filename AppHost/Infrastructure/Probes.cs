using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>Health checks that speak each resource's protocol, not just open a port.</summary>
public static class Probes
{
    private static readonly HttpClient Http = new();

    /// <summary>GET <paramref name="path"/> on the endpoint; healthy on a 2xx answer.</summary>
    public static IHealthCheck HttpGet(EndpointReference endpoint, string path) => new StartupProbe(async token =>
    {
        using var response = await Http.GetAsync(new Uri(new Uri(endpoint.Url), path), token);
        response.EnsureSuccessStatusCode();
    });

    /// <summary>
    /// Checks the resource's health with <paramref name="probe"/>: one instance for the resource's life, so it
    /// remembers whether it ever passed (see <see cref="StartupProbe"/>).
    /// </summary>
    public static IResourceBuilder<T> WithProbe<T>(this IResourceBuilder<T> resource, IHealthCheck probe)
        where T : IResource
    {
        var key = $"{resource.Resource.Name}-ready";
        resource.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, _ => probe, null, null));
        return resource.WithHealthCheck(key);
    }

    /// <summary>Checks <paramref name="path"/> on the resource's <c>http</c> endpoint (see <see cref="HttpGet"/>).</summary>
    public static IResourceBuilder<T> WithHttpProbe<T>(this IResourceBuilder<T> resource, string path)
        where T : IResourceWithEndpoints =>
        resource.WithProbe(HttpGet(resource.GetEndpoint("http"), path));

    public static IHealthCheck Postgres(string connectionString) => new StartupProbe(async token =>
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(token);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(token);
    });

    /// <summary>AUTH then PING; healthy on +OK +PONG.</summary>
    public static IHealthCheck Redis(int port, string password) => new StartupProbe(async token =>
    {
        var reply = await ExchangeAsync(port, Encoding.ASCII.GetBytes($"AUTH {password}\r\nPING\r\n"), "+PONG", token);
        if (!reply.Contains("+PONG", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unexpected Redis reply: {reply.Trim()}");
        }
    });

    /// <summary>Sends the AMQP 0-9-1 protocol header; a booted broker answers with a Connection.Start method frame.</summary>
    public static IHealthCheck RabbitMq(int port) => new StartupProbe(async token =>
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, token);
        var stream = client.GetStream();
        await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), token);
        var buffer = new byte[8];
        var read = await stream.ReadAsync(buffer, token);
        if (read < 1 || buffer[0] != 1)
        {
            throw new InvalidOperationException("The broker did not answer with an AMQP method frame.");
        }
    });

    private static async Task<string> ExchangeAsync(int port, byte[] request, string expect, CancellationToken token)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, token);
        var stream = client.GetStream();
        await stream.WriteAsync(request, token);
        var reply = new StringBuilder();
        var buffer = new byte[256];
        while (!reply.ToString().Contains(expect, StringComparison.Ordinal) && !reply.ToString().Contains("-ERR", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, token);
            if (read == 0)
            {
                break;
            }

            reply.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return reply.ToString();
    }
}

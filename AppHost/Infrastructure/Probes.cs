using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>Health checks that speak each daemon's protocol, not just open a port.</summary>
public static class Probes
{
    public static IHealthCheck Postgres(string connectionString) => new DelegateCheck(async token =>
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(token);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(token);
    });

    /// <summary>AUTH then PING; healthy on +OK +PONG.</summary>
    public static IHealthCheck Redis(int port, string password) => new DelegateCheck(async token =>
    {
        var reply = await ExchangeAsync(port, Encoding.ASCII.GetBytes($"AUTH {password}\r\nPING\r\n"), "+PONG", token);
        if (!reply.Contains("+PONG", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unexpected Redis reply: {reply.Trim()}");
        }
    });

    /// <summary>Sends the AMQP 0-9-1 protocol header; a booted broker answers with a Connection.Start method frame.</summary>
    public static IHealthCheck RabbitMq(int port) => new DelegateCheck(async token =>
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

    private sealed class DelegateCheck(Func<CancellationToken, Task> probe) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await probe(timeout.Token);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        }
    }
}

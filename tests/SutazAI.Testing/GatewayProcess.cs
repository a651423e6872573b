using System.Diagnostics;
using System.Text;
using Aspire.Hosting.Testing;

namespace SutazAI.Testing;

/// <summary>
/// Another gateway replica beside a running platform: the same built gateway, database, Redis and secrets, its
/// own port(s) and settings. Lets tests show what replicas share (key revocation, rate limits) and try settings
/// the platform's own gateway does not have (small limits, TLS, short timeouts).
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The first URL it listens on.</summary>
    public Uri Address { get; }

    /// <summary>What the process has written so far (JSON log lines).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="platform">Supplies the database, Redis, secrets and the services' addresses.</param>
    /// <param name="urls">What to listen on, e.g. <c>http://127.0.0.1:5123</c>; null for one free HTTP port.</param>
    /// <param name="settings">Extra configuration, e.g. <c>Gateway:RateLimits:Admin:PermitLimit=20</c>.</param>
    public static async Task<GatewayProcess> StartAsync(PlatformHost platform, IEnumerable<string>? settings = null, string[]? urls = null)
    {
        urls ??= [$"http://127.0.0.1:{FreePort()}"];
        var configuration = Configuration.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Repository.Path($"Gateway/bin/{configuration}/net10.0/SutazAI.Gateway.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        var environment = start.Environment;
        environment["ASPNETCORE_URLS"] = string.Join(';', urls);
        environment["ConnectionStrings__gatewaydb"] = await platform.GetConnectionStringAsync("gatewaydb");
        environment["ConnectionStrings__redis"] = await platform.GetConnectionStringAsync("redis");
        environment["Gateway__BootstrapKey"] = platform.Secrets.ApiKey;
        environment["Gateway__Auth__SigningKey"] = platform.Secrets.JwtSigningKey;
        environment["Internal__TokenKey"] = platform.Secrets.InternalTokenKey;
        environment["Internal__CallerSigningKey"] = platform.Secrets.CallerSigningKey;
        foreach (var service in (string[])["orchestrator", "models", "agent-chat"])
        {
            environment[$"services__{service}__http__0"] = DistributedApplicationHostingTestingExtensions.GetEndpoint(platform.App, service, "http").ToString();
        }

        foreach (var setting in settings ?? [])
        {
            var (key, value) = (setting[..setting.IndexOf('=')], setting[(setting.IndexOf('=') + 1)..]);
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var gateway = new GatewayProcess(process, new Uri(urls[0]));
        await gateway.WaitUntilHealthyAsync(urls.First(u => u.StartsWith("http:", StringComparison.Ordinal)));
        return gateway;
    }

    /// <summary>A client for this replica; <paramref name="apiKey"/> is sent as X-Api-Key when given.</summary>
    public HttpClient CreateClient(string? apiKey = null, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler);
        client.BaseAddress = Address;
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public static int FreePort() => SutazAI.AppHost.Infrastructure.FreePort.Next();

    private static string Configuration => AppContext.BaseDirectory.Replace('\\', '/');

    private async Task WaitUntilHealthyAsync(string url)
    {
        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The gateway did not become healthy in 60 s:\n{Output}");
            }

            await Task.Delay(250);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

using System.Net.Http.Json;
using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SutazAI.AppHost.Infrastructure;
using SutazAI.Contracts.Agents;

namespace SutazAI.Testing;

/// <summary>
/// The whole platform started from the real AppHost (Aspire.Hosting.Testing): real PostgreSQL, Redis and RabbitMQ
/// on free ports with a throw-away data folder and API key, so it runs beside a dev run. Used by the end-to-end
/// tests and the benchmark.
/// </summary>
public sealed class PlatformHost : IAsyncDisposable
{
    public const string AnalystResource = AgentResourcePrefix + "analyst";

    private const string AgentResourcePrefix = "agent-";

    private readonly DistributedApplication _app;
    private readonly string _dataPath;

    /// <summary>
    /// A test drives the platform as one identity far harder than any user would (hundreds of tasks, tight polling),
    /// so its gateway's limits are raised; rate-limit tests start gateways of their own with real rules.
    /// </summary>
    private static readonly string[] TestRateLimits =
        new[] { "Tasks", "Llm", "Auth", "Account", "Admin", "Other" }.Select(name => $"Gateway:RateLimits:{name}:PermitLimit=1000000").ToArray();

    private readonly InternalTokens _internalTokens;
    private readonly CallerTokens _callerTokens;

    private PlatformHost(DistributedApplication app, string dataPath, PlatformSecrets secrets)
    {
        _app = app;
        _dataPath = dataPath;
        Secrets = secrets;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [InternalTokens.KeySetting] = secrets.InternalTokenKey,
                [CallerTokens.SigningKeySetting] = secrets.CallerSigningKey,
            })
            .Build();
        _internalTokens = new InternalTokens(configuration);
        _callerTokens = new CallerTokens(configuration);
    }

    public string ApiKey => Secrets.ApiKey;

    /// <summary>Whom the bootstrap key's work belongs to.</summary>
    public const string BootstrapOwner = "bootstrap";

    /// <summary>The secret parameters this platform was started with (the test made them up).</summary>
    public PlatformSecrets Secrets { get; }

    public string DataPath => _dataPath;

    public DistributedApplication App => _app;

    /// <param name="log">Progress lines.</param>
    /// <param name="settings">Extra AppHost settings as <c>Key=Value</c>, e.g. <c>Agents:analyst:MaxConcurrency=1</c>.</param>
    /// <param name="cancellationToken">Gives up starting.</param>
    public static async Task<PlatformHost> StartAsync(Action<string>? log = null, IEnumerable<string>? settings = null, CancellationToken cancellationToken = default)
    {
        log ??= _ => { };
        var dataPath = Path.Combine(Path.GetTempPath(), $"sutazai-test-{Guid.NewGuid():N}"[..24]);
        var secrets = new PlatformSecrets(NewSecret(), NewSecret(), NewSecret(), CallerTokens.CreateKeyPair().PrivateKey);

        log($"starting the AppHost (data in {dataPath})");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SutazAI_AppHost>(
            // No dashboard here, so no telemetry collector unless a test brings one (Telemetry:OtlpEndpoint).
            [
                $"--Infra:DataPath={dataPath}", "--Gateway:Port=0", "--Telemetry:OtlpEndpoint=none",
                $"--Parameters:api-key={secrets.ApiKey}", $"--Parameters:jwt-signing-key={secrets.JwtSigningKey}", $"--Parameters:internal-token-key={secrets.InternalTokenKey}",
                $"--Parameters:caller-signing-key={secrets.CallerSigningKey}",
                .. TestRateLimits.Concat(settings ?? []).Select(s => $"--{s}"),
            ],
            (options, _) => options.DisableDashboard = true,
            cancellationToken);
        // Start-up probes fail until each daemon answers; the services' own warnings and errors stay visible.
        builder.Services.AddLogging(logging => logging
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("Aspire.Hosting", LogLevel.Warning)
            // The test's own clients: a line per request drowns a soak's report (23 MB of log in 13 minutes).
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning)
            .AddFilter($"{typeof(PlatformHost).Assembly.GetName().Name}", LogLevel.Warning)
            .AddFilter("SutazAI.AppHost.Resources", LogLevel.Warning));
        var app = await builder.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        var host = new PlatformHost(app, dataPath, secrets);

        log("waiting for the gateway to be healthy");
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", cancellationToken);
        log("waiting for the agents' capabilities to be registered");
        await host.WaitForCapabilitiesAsync(cancellationToken);
        log("platform ready");
        return host;
    }

    /// <summary>A client for the gateway that sends the bootstrap API key.</summary>
    public HttpClient CreateGatewayClient(bool withApiKey = true)
    {
        var client = _app.CreateHttpClient("gateway", "http");
        if (withApiKey)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        }

        return client;
    }

    /// <summary>A client straight to the orchestrator, bypassing the gateway.</summary>
    public HttpClient CreateOrchestratorClient() => CreateServiceClient("orchestrator");

    /// <summary>
    /// A client straight to any service resource, e.g. <c>models</c>, carrying the caller token the gateway gives a
    /// request of the bootstrap key for that service (subject <c>bootstrap</c>, every scope), so it sees what the
    /// gateway client's requests made; <paramref name="withInternalToken"/> false calls like an outsider.
    /// </summary>
    public HttpClient CreateServiceClient(string resource, string endpoint = "http", bool withInternalToken = true)
    {
        var client = _app.CreateHttpClient(resource, endpoint);
        if (withInternalToken)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", CallerToken(BootstrapOwner, SutazAI.Contracts.Auth.ApiScopes.All, resource));
        }

        return client;
    }

    /// <summary>
    /// A client to a service as an agent calls it: a service's token (<c>service:test-agent</c>), so the service trusts
    /// the requester the request names in <see cref="SutazAI.Contracts.LlmHeaders.Requester"/> (the task's).
    /// </summary>
    public HttpClient CreateAgentClient(string resource)
    {
        var client = _app.CreateHttpClient(resource, "http");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", ServiceToken("test-agent"));
        return client;
    }

    /// <summary>A token as the gateway signs it for a request of <paramref name="owner"/> to the service <paramref name="audience"/>.</summary>
    public string CallerToken(string owner, IEnumerable<string> scopes, string audience) => _callerTokens.Issue(owner, string.Join(' ', scopes), audience);

    /// <summary>A token as a platform service signs it for its own calls (what any agent's process can make).</summary>
    public string ServiceToken(string service) => _internalTokens.Issue(InternalTokens.ServiceSubjectPrefix + service);

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    /// <summary>The running AppHost's services, for tests of what the AppHost set up in itself.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The connection string a resource's consumers get, e.g. <c>rabbitmq</c>.</summary>
    public async Task<string> GetConnectionStringAsync(string name, CancellationToken cancellationToken = default) =>
        await _app.GetConnectionStringAsync(name, cancellationToken)
            ?? throw new InvalidOperationException($"No connection string '{name}'.");

    /// <summary>The last lines a resource wrote to its console, for a failing test's message.</summary>
    public async Task<string> LogsAsync(string resource, int lines = 60)
    {
        var logs = _app.Services.GetRequiredService<ResourceLoggerService>();
        var all = new List<string>();
        await foreach (var batch in logs.GetAllAsync(resource))
        {
            all.AddRange(batch.Select(line => line.Content));
        }

        return string.Join('\n', all.TakeLast(lines));
    }

    /// <summary>
    /// Stops a resource the way an operator or orchestrator does: SIGTERM to its process tree, then waits until
    /// Aspire sees it exited.
    /// </summary>
    public Task StopResourceAsync(string name, CancellationToken cancellationToken = default) =>
        SignalResourceAsync(name, "TERM", cancellationToken);

    /// <summary>Kills a resource's process tree with SIGKILL, like a crash, and waits until Aspire sees it exited.</summary>
    public Task KillResourceAsync(string name, CancellationToken cancellationToken = default) =>
        SignalResourceAsync(name, "KILL", cancellationToken);

    private async Task SignalResourceAsync(string name, string signal, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var running = await _app.ResourceNotifications.WaitForResourceAsync(
            name, e => e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(e) is not null, timeout.Token);
        var root = Pid(running)!.Value;
        foreach (var pid in Enumerable.Reverse(ProcessTree(root)))
        {
            Signal(pid, signal);
        }

        await _app.ResourceNotifications.WaitForResourceAsync(
            name, e => e.Snapshot.State?.Text == KnownResourceStates.Exited || e.Snapshot.State?.Text == KnownResourceStates.Finished, timeout.Token);
    }

    /// <summary>
    /// Memory of each resource, summed over its process tree: PSS (shared pages split among the processes mapping
    /// them), USS (private pages only, what a leak grows; it does not move when neighbours map or drop shared
    /// libraries) and the PSS of its shared memory (PostgreSQL's buffer cache; a .NET runtime's double-mapped code).
    /// </summary>
    public async Task<Dictionary<string, ProcessMemory>> MeasureMemoryAsync(IEnumerable<string> resources, CancellationToken cancellationToken = default)
    {
        var memory = new Dictionary<string, ProcessMemory>();
        foreach (var name in resources)
        {
            var tree = (await ProcessesOfAsync(name, cancellationToken)).Select(ReadMemory).ToList();
            memory[name] = new ProcessMemory(tree.Sum(m => m.Pss), tree.Sum(m => m.Uss), tree.Sum(m => m.SharedMemory));
        }

        return memory;
    }

    /// <summary>The resources running as processes now (services and local daemons), by name.</summary>
    public IReadOnlyList<string> ProcessResources() =>
        [.. _app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(r => r is ExecutableResource)
            .Where(r => _app.ResourceNotifications.TryGetCurrentState(r.Name, out var e) && e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(e) is not null)
            .Select(r => r.Name).Order(StringComparer.Ordinal)];

    /// <summary>
    /// CPU time (user and system) each resource's processes have used since they started, from <c>/proc/PID/stat</c>;
    /// two readings around a measured phase give what the phase cost each process.
    /// </summary>
    public async Task<Dictionary<string, TimeSpan>> MeasureCpuAsync(IEnumerable<string> resources, CancellationToken cancellationToken = default)
    {
        var cpu = new Dictionary<string, TimeSpan>();
        foreach (var name in resources)
        {
            cpu[name] = TimeSpan.FromTicks((await ProcessesOfAsync(name, cancellationToken)).Sum(ReadCpu));
        }

        return cpu;
    }

    /// <summary>
    /// CPU time (as <see cref="MeasureCpuAsync"/>) of the Aspire DCP processes serving this process: its API server
    /// (which watches this process, <c>--monitor PID</c>) and every <c>dcp</c> below it, the controllers that also run
    /// the proxies in front of proxied endpoints. The services below them are not counted here.
    /// </summary>
    public static TimeSpan MeasureDcpCpu()
    {
        static string Read(string file)
        {
            try
            {
                return File.ReadAllText(file);
            }
            catch (IOException)
            {
                return ""; // ended while listed
            }
        }

        var monitor = $"--monitor\0{Environment.ProcessId}\0";
        var roots = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, System.Globalization.CultureInfo.InvariantCulture))
            .Where(pid => Read($"/proc/{pid}/comm").Trim() == "dcp" && Read($"/proc/{pid}/cmdline").Contains(monitor, StringComparison.Ordinal));
        return TimeSpan.FromTicks(roots.SelectMany(ProcessTree).Where(pid => Read($"/proc/{pid}/comm").Trim() == "dcp").Sum(ReadCpu));
    }

    /// <summary>A running resource's processes.</summary>
    private async Task<List<int>> ProcessesOfAsync(string name, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var running = await _app.ResourceNotifications.WaitForResourceAsync(
            name, e => e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(e) is not null, timeout.Token);
        return ProcessTree(Pid(running)!.Value);
    }

    /// <summary>
    /// Clock ticks of <c>/proc/PID/stat</c> (utime + stime, USER_HZ = 100 on Linux) as .NET ticks, with cutime + cstime:
    /// what its children that have ended used (PostgreSQL's backends of closed connections), not counted by any live process.
    /// </summary>
    private static long ReadCpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces; the fields after it are fixed: utime, stime, cutime, cstime are the 12th to 15th.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var clockTicks = fields[11..15].Sum(field => long.Parse(field, System.Globalization.CultureInfo.InvariantCulture));
            return clockTicks * (TimeSpan.TicksPerSecond / 100);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static ProcessMemory ReadMemory(int pid)
    {
        try
        {
            var fields = File.ReadLines($"/proc/{pid}/smaps_rollup")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(parts => parts.Length >= 2 && parts[0].EndsWith(':'))
                .ToDictionary(parts => parts[0].TrimEnd(':'), parts => long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) * 1024);
            return new ProcessMemory(
                fields.GetValueOrDefault("Pss"), fields.GetValueOrDefault("Private_Clean") + fields.GetValueOrDefault("Private_Dirty"), fields.GetValueOrDefault("Pss_Shmem"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ProcessMemory(0, 0, 0); // the process ended meanwhile, or belongs to a user we may not inspect
        }
    }

    private static int? Pid(ResourceEvent resourceEvent) =>
        resourceEvent.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value switch
        {
            int pid => pid,
            long pid => (int)pid,
            string text when int.TryParse(text, out var pid) => pid,
            _ => null,
        };

    /// <summary>The process and its descendants, parents first (Linux /proc); one that ends meanwhile is left out.</summary>
    private static List<int> ProcessTree(int root)
    {
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            try
            {
                tree.AddRange(File.ReadAllText($"/proc/{tree[i]}/task/{tree[i]}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
            }
            catch (IOException)
            {
                // The process ended after its parent listed it (a PostgreSQL backend whose connection closed).
            }
        }

        return tree;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Starts a stopped resource and waits until it is healthy again.</summary>
    public async Task StartResourceAsync(string name, CancellationToken cancellationToken = default)
    {
        await ExecuteAsync(name, "resource-start", cancellationToken);
        // The command returns before the state moves on; waiting for health at once could still see the old Exited
        // state (a terminal state, which the health wait reports as "failed to start"), as it did on a busy machine.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await _app.ResourceNotifications.WaitForResourceAsync(name, e => !KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
    }

    /// <summary>
    /// Until every agent the AppHost runs (its <c>agent-NAME</c> resources) has registered healthy with its capabilities,
    /// and every listed capability is available.
    /// </summary>
    public async Task WaitForCapabilitiesAsync(CancellationToken cancellationToken)
    {
        var agents = _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ServiceProgramResource>()
            .Where(r => r.Name.StartsWith(AgentResourcePrefix, StringComparison.Ordinal))
            .Select(r => r.Name[AgentResourcePrefix.Length..]).ToList();
        using var client = CreateGatewayClient();
        // The gateway is up before the services behind it; on a busy machine they may need minutes.
        var patience = TimeSpan.FromMinutes(3);
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            List<string> missing;
            try
            {
                var registered = await client.GetFromJsonAsync<List<AgentView>>("/api/v1/agents", cancellationToken) ?? [];
                var capabilities = await client.GetFromJsonAsync<List<CapabilityView>>("/api/v1/capabilities", cancellationToken) ?? [];
                missing = [.. agents.Where(agent => !registered.Any(a => a.Agent == agent && a.Healthy && a.Capabilities.Count > 0))
                    .Concat(capabilities.Where(c => !c.Available).Select(c => c.Name))];
            }
            catch (HttpRequestException e) when (e.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
            {
                missing = ["the orchestrator (503 through the gateway)"];
            }

            if (missing.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Agents or capabilities still unavailable after {patience.TotalMinutes} minutes: {string.Join(", ", missing)}.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>The report's own status (not one of its checks'), or null for anything but a health report.</summary>
    private static string? OverallStatus(string report)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(report);
            return json.RootElement.TryGetProperty("status", out var status) ? status.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Until each service's own <c>/health</c> says Healthy (not just Degraded); throws with the last report.</summary>
    public async Task WaitUntilHealthyAsync(IEnumerable<string> services, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var service in services)
        {
            using var client = CreateServiceClient(service);
            while (true)
            {
                string report;
                try
                {
                    report = await client.GetStringAsync("/health");
                }
                catch (HttpRequestException ex)
                {
                    report = ex.Message;
                }

                if (OverallStatus(report) == "Healthy")
                {
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{service} is not healthy: {report}");
                }

                await Task.Delay(500);
            }
        }
    }

    private async Task ExecuteAsync(string resource, string command, CancellationToken cancellationToken)
    {
        var result = await _app.ResourceCommands.ExecuteCommandAsync(resource, command, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} on {resource} failed: {result.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            try
            {
                Directory.Delete(_dataPath, recursive: true);
            }
            catch (IOException)
            {
                // A daemon still closing its files; the folder is in the temp directory anyway.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}

/// <summary>The credentials a test platform runs with: bootstrap API key, JWT signing key, internal-token key, the gateway's caller-signing key.</summary>
public sealed record PlatformSecrets(string ApiKey, string JwtSigningKey, string InternalTokenKey, string CallerSigningKey);

/// <summary>Bytes of memory: proportional (PSS) and unique (USS) set sizes, and the PSS of shared memory mappings.</summary>
public readonly record struct ProcessMemory(long Pss, long Uss, long SharedMemory);

using System.Security.Cryptography;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SutazAI.PartnerService.Tests;

/// <summary>
/// The SutazAI platform as the partner team would run it to test against: the AppHost with one bus client (us,
/// allowed ordinary tasks) in a throw-away data folder; the broker's address from the AppHost and our RabbitMQ
/// password from the data folder, where the operator would find it to hand over.
/// </summary>
public sealed class PlatformUnderTest : IAsyncLifetime
{
    public const string Client = "partner";

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), $"sutazai-partner-{Guid.NewGuid():N}"[..26]);
    private DistributedApplication? _app;

    public string ApiKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    public Uri Broker { get; private set; } = null!;

    public string Password { get; private set; } = null!;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The platform has not started.");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SutazAI_AppHost>(
            [
                $"--Infra:DataPath={_dataPath}", "--Gateway:Port=0", "--Telemetry:OtlpEndpoint=none", $"--Parameters:api-key={ApiKey}",
                $"--Bus:Clients:{Client}:Scopes:0=tasks:write",
            ],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        builder.Services.AddLogging(logging => logging
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("Aspire.Hosting", LogLevel.Warning)
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning)
            .AddFilter("SutazAI.AppHost.Resources", LogLevel.Warning));
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        foreach (var resource in (string[])["orchestrator", "agent-analyst", "gateway"])
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        await WaitUntilOfferedAsync("text.sentiment", timeout.Token);

        Broker = new Uri(await _app.GetConnectionStringAsync("rabbitmq", timeout.Token) ?? throw new InvalidOperationException("No rabbitmq connection string."));
        Password = (await File.ReadAllTextAsync(Path.Combine(_dataPath, "secrets", $"bus-client-{Client}"), timeout.Token)).Trim();
    }

    /// <summary>The gateway with the platform's bootstrap (admin) key, to look at what the bus created.</summary>
    public HttpClient CreateGatewayClient()
    {
        var client = App.CreateHttpClient("gateway", "http");
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    /// <summary>Until an agent has registered the capability (healthy services may take a moment longer to announce theirs).</summary>
    private async Task WaitUntilOfferedAsync(string capability, CancellationToken cancellationToken)
    {
        using var client = CreateGatewayClient();
        while (true)
        {
            using var response = await client.GetAsync("/api/v1/capabilities", cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                if (list.RootElement.EnumerateArray().Any(c => c.GetProperty("name").GetString() == capability && c.GetProperty("available").GetBoolean()))
                {
                    return;
                }
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is null)
        {
            return;
        }

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
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A daemon still closing its files; the folder is in the temp directory anyway.
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformUnderTest>
{
    public const string Name = "platform";
}

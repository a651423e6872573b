using SutazAI.Testing;

namespace SutazAI.Llm.Tests;

/// <summary>The platform with its models service pointed at a fake Ollama on loopback.</summary>
public sealed class LlmPlatformFixture : IAsyncLifetime
{
    public const string BudgetedRequester = "key-budget-test";
    public const int Budget = 400;
    public const string CoderTimeout = "00:00:03";

    public FakeOllama Ollama { get; private set; } = null!;

    /// <summary>Every service exports its spans here (OTLP/HTTP).</summary>
    public OtlpReceiver Telemetry { get; private set; } = null!;

    public PlatformHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Ollama = await FakeOllama.StartAsync();
        Telemetry = await OtlpReceiver.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        Host = await PlatformHost.StartAsync(
            message => Console.WriteLine($"[platform] {message}"),
            [
                $"Parameters:ollama-endpoint={Ollama.Endpoint}",
                $"Telemetry:OtlpEndpoint={Telemetry.Endpoint}",
                "Llm:Slots=1",
                "Llm:BreakDuration=00:00:02",
                $"Llm:Budgets:{BudgetedRequester}={Budget}",
                // Fault tests: quick retries before a dead letter, a short shutdown grace, a coder that times out fast.
                "Agents:chat:RetryLimit=2",
                "Agents:chat:RetryMinInterval=00:00:00.200",
                "Agents:chat:RetryMaxInterval=00:00:01",
                "Agents:chat:ShutdownGrace=00:00:04",
                $"Agents:coder:Timeouts:code.generate={CoderTimeout}",
                "Agents:coder:MaxConcurrency=1",
            ],
            timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Ollama.DisposeAsync();
        await Telemetry.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LlmPlatformCollection : ICollectionFixture<LlmPlatformFixture>
{
    public const string Name = "llm-platform";
}

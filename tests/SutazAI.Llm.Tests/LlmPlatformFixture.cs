using SutazAI.Testing;

namespace SutazAI.Llm.Tests;

/// <summary>The platform with its models service pointed at a fake Ollama on loopback.</summary>
public sealed class LlmPlatformFixture : IAsyncLifetime
{
    /// <summary>Named as the platform names a person, colon included, as an operator would configure one.</summary>
    public const string BudgetedRequester = "user:budget-test";
    public const int Budget = 400;
    /// <summary>Long enough for a cold first Roslyn compile plus the LLM call on a slow, busy machine; the hanging
    /// reply in the timeout test lasts far longer.</summary>
    public static readonly TimeSpan CoderTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How long a stopping chat agent lets a running task finish before handing it back.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(8);

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
                $"Agents:chat:ShutdownGrace={ShutdownGrace:c}",
                $"Agents:coder:Timeouts:code.generate={CoderTimeout:c}",
                "Agents:coder:MaxConcurrency=1",
                // Event streams end after a second, so streaming tests see clients come back with Last-Event-ID.
                "Streams:MaxLifetime=00:00:01",
                // Every request and every task's outcome logged, as an operator following one request would set it.
                "ServiceLogging:LogLevel:SutazAI.Requests=Debug",
                "ServiceLogging:LogLevel:SutazAI.Agents.Hosting.Execution.ExecuteTaskConsumer=Debug",
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

using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

/// <summary>One platform for the whole collection: starting it costs ~15 s.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public PlatformHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        // One task at a time, so the order the agent takes queued tasks in (priority) is observable.
        Host = await PlatformHost.StartAsync(message => Console.WriteLine($"[platform] {message}"), ["Agents:analyst:MaxConcurrency=1"], timeout.Token);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}

using System.Collections.Concurrent;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using SutazAI.Contracts.Messages;
using SutazAI.Contracts.Tasks;

namespace SutazAI.Testing;

/// <summary>
/// Counts completions two ways while a fault test runs: <see cref="Executions"/> are the TaskCompleted
/// messages agents publish (a redelivered task may run twice), <see cref="Recorded"/> are the completions
/// the orchestrator applied and announced (these must be exactly one per task).
/// </summary>
public sealed class CompletionCounter : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, int> _executions = new();
    private readonly ConcurrentDictionary<Guid, int> _recorded = new();
    private ServiceProvider? _bus;
    private ConnectionMultiplexer? _redis;

    public IReadOnlyDictionary<Guid, int> Executions => _executions;

    public IReadOnlyDictionary<Guid, int> Recorded => _recorded;

    public static async Task<CompletionCounter> StartAsync(PlatformHost host, CancellationToken cancellationToken = default)
    {
        var counter = new CompletionCounter();
        counter._redis = await ConnectionMultiplexer.ConnectAsync(await host.GetConnectionStringAsync("redis", cancellationToken));
        await counter._redis.GetSubscriber().SubscribeAsync(RedisChannel.Pattern("sutazai:task-events:*"), (_, value) => counter.OnEvent(value));
        counter._bus = await TestBus.StartAsync(host, bus => bus.AddConsumer<CompletedConsumer>(),
            services => services.AddSingleton(counter), cancellationToken);
        return counter;
    }

    private void OnEvent(RedisValue value)
    {
        using var item = JsonDocument.Parse(value.ToString());
        if (item.RootElement.TryGetProperty("change", out var change) && change.ValueKind == JsonValueKind.Object
            && change.GetProperty("status").GetString() == nameof(TaskState.Completed))
        {
            _recorded.AddOrUpdate(change.GetProperty("taskId").GetGuid(), 1, (_, n) => n + 1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.GetRequiredService<IBusControl>().StopAsync();
            await _bus.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private sealed class CompletedConsumer(CompletionCounter counter) : IConsumer<TaskCompleted>
    {
        public Task Consume(ConsumeContext<TaskCompleted> context)
        {
            counter._executions.AddOrUpdate(context.Message.TaskId, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }
}

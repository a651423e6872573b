using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace SutazAI.Testing;

/// <summary>A MassTransit bus in the test process on the platform's RabbitMQ, to publish or to listen like a service.</summary>
public static class TestBus
{
    /// <summary>Starts a bus; consumers registered by <paramref name="register"/> get temporary queues of their own.</summary>
    public static async Task<ServiceProvider> StartAsync(
        PlatformHost host,
        Action<IBusRegistrationConfigurator>? register = null,
        Action<IServiceCollection>? services = null,
        CancellationToken cancellationToken = default)
    {
        var connectionString = await host.GetConnectionStringAsync("rabbitmq", cancellationToken);
        var collection = new ServiceCollection();
        services?.Invoke(collection);
        collection.AddMassTransit(bus =>
        {
            register?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                if (register is not null)
                {
                    rabbit.ReceiveEndpoint(new TemporaryEndpointDefinition("test-listener"), endpoint => endpoint.ConfigureConsumers(context));
                }
            });
        });
        var provider = collection.BuildServiceProvider();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await provider.GetRequiredService<IBusControl>().StartAsync(timeout.Token);
        return provider;
    }
}

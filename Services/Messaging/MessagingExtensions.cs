using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The RabbitMQ bus of the services on it, from the <c>rabbitmq</c> connection string the AppHost provides, with
/// MassTransit's spans and metrics added to the service's telemetry. Retry is chosen per receive endpoint: what a failure means differs between an agent's tasks and the orchestrator's bookkeeping.
/// </summary>
public static class MessagingExtensions
{
    public const string ConnectionName = "rabbitmq";

    /// <summary>The name of MassTransit's activity source and meter.</summary>
    private const string InstrumentationName = "MassTransit";

    public static IHostApplicationBuilder AddMessageBus(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> registerConsumers,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator> configureEndpoints)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not configured.");

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(InstrumentationName))
            .WithTracing(tracing => tracing.AddSource(InstrumentationName));
        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit reports usage to its vendor over the internet by default; a self-hosted platform calls no one.
            bus.DisableUsageTelemetry();
            registerConsumers(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString), host => host.PublisherConfirmation = true);
                configureEndpoints(context, rabbit);
            });
        });
        return builder;
    }

    /// <summary>In-memory retries with exponential backoff (intervals from <paramref name="min"/> doubling up to <paramref name="max"/>).</summary>
    public static void UseExponentialRetry(this IReceiveEndpointConfigurator endpoint, int limit, TimeSpan min, TimeSpan max) =>
        endpoint.UseMessageRetry(retry => retry.Exponential(limit, min, max, min));
}

using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>
/// How soon the AppHost sees a starting resource become healthy. Aspire checks a resource that is not healthy yet
/// again after 1, 2, 3, 4, then every 5 s (its health service's step times the failures so far, at most five), so a
/// resource that comes up just after a check is seen up to 5 s late and its dependants start that much later: RabbitMQ
/// answered 3.6 s before the AppHost knew (README, "Start-up"). <c>Health:NotHealthyStep</c> (200 ms; zero keeps
/// Aspire's) sets that step, so a starting resource is checked at most a second apart. The step is internal to Aspire
/// and set by name; a version of Aspire without it keeps its own cadence and says so in the log.
/// </summary>
internal static partial class HealthCheckCadence
{
    public const string Setting = "Health:NotHealthyStep";
    private const string ServiceType = "Aspire.Hosting.Health.ResourceHealthCheckService";
    private const string StepProperty = "NonHealthyHealthCheckStepInterval";

    public static IDistributedApplicationBuilder AddHealthCheckCadence(this IDistributedApplicationBuilder builder)
    {
        var step = builder.Configuration.GetValue(Setting, TimeSpan.FromMilliseconds(200));
        if (step > TimeSpan.Zero)
        {
            builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
            {
                var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HealthCheckCadence).FullName!);
                if (!TrySetStep(e.Services, step))
                {
                    LogNotSet(logger, StepProperty, ServiceType);
                }

                return Task.CompletedTask;
            });
        }

        return builder;
    }

    /// <summary>Sets the step on Aspire's health service among <paramref name="services"/>; false where it has none.</summary>
    public static bool TrySetStep(IServiceProvider services, TimeSpan step)
    {
        var type = typeof(DistributedApplication).Assembly.GetType(ServiceType);
        var property = type?.GetProperty(StepProperty, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        if (type is null || property?.PropertyType != typeof(TimeSpan) || !property.CanWrite)
        {
            return false;
        }

        var service = services.GetService(type) ?? services.GetServices<IHostedService>().FirstOrDefault(type.IsInstanceOfType);
        if (service is null)
        {
            return false;
        }

        property.SetValue(service, step);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Aspire has no {Property} on {Service} here: starting resources are checked at Aspire's own cadence.")]
    private static partial void LogNotSet(ILogger logger, string property, string service);
}

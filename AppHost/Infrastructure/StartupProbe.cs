using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>
/// A health check from one probe (a delegate that throws when the resource is not up), each attempt bounded by
/// <see cref="AttemptTimeout"/>. Until the probe has passed once, a check keeps probing every
/// <see cref="StartingInterval"/> for up to <see cref="StartingWindow"/> before it reports unhealthy: Aspire checks a
/// resource that is not healthy yet again after 1, 2, 3, 4 and then every 5 s, so a resource that came up just after a
/// check was seen up to 5 s late, and so were all that wait for it. Once it has passed, each check is one attempt.
/// </summary>
public sealed class StartupProbe(Func<CancellationToken, Task> probe, TimeSpan? startingWindow = null) : IHealthCheck
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan StartingInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan DefaultStartingWindow = TimeSpan.FromSeconds(20);

    private readonly TimeSpan _startingWindow = startingWindow ?? DefaultStartingWindow;
    private volatile bool _passed;

    /// <summary>How long a check of a resource that has not passed yet keeps probing.</summary>
    public TimeSpan StartingWindow => _startingWindow;

    /// <summary>Whether the probe has passed at least once.</summary>
    public bool HasPassed => _passed;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var result = await AttemptAsync(cancellationToken);
            if (result.Status == HealthStatus.Healthy)
            {
                _passed = true;
                return result;
            }

            if (_passed || Stopwatch.GetElapsedTime(started) + StartingInterval > _startingWindow)
            {
                return result;
            }

            await Task.Delay(StartingInterval, cancellationToken);
        }
    }

    private async Task<HealthCheckResult> AttemptAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AttemptTimeout);
            await probe(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace SutazAI.ServiceDefaults.Tests;

/// <summary>
/// What every service's HTTP client (with the shared resilience pipeline) throws when the other side cannot answer,
/// and that <see cref="ServiceCalls.Unreachable"/> recognises all of it: a service starting up must never turn a
/// caller's request into a 500 or stop a background loop.
/// </summary>
public sealed class ServiceCallsTests : IDisposable
{
    private readonly IHost _host;

    public ServiceCallsTests()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        // The shipped pipeline's shape with its delays shortened, so a test reaches an open circuit in milliseconds.
        builder.Services.PostConfigureAll<HttpStandardResilienceOptions>(options =>
        {
            options.Retry.Delay = TimeSpan.FromMilliseconds(1);
            options.Retry.MaxRetryAttempts = 1;
            options.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(200);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(5);
            options.CircuitBreaker.MinimumThroughput = 4;
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
        });
        _host = builder.Build();
    }

    [Fact]
    public async Task A_refused_connection_and_the_open_circuit_it_leads_to_are_both_an_unreachable_service()
    {
        var client = _host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("refused");
        var address = $"http://127.0.0.1:{ClosedPort()}/health";

        var thrown = new List<Exception>();
        for (var call = 0; call < 10 && !thrown.OfType<BrokenCircuitException>().Any(); call++)
        {
            thrown.Add(await Assert.ThrowsAnyAsync<Exception>(() => client.GetAsync(address)));
        }

        Assert.IsType<HttpRequestException>(thrown[0]);
        Assert.Contains(thrown, ex => ex is BrokenCircuitException);
        Assert.All(thrown, ex => Assert.True(ServiceCalls.Unreachable(ex), $"{ex.GetType().Name} is not recognised"));
    }

    [Fact]
    public async Task A_service_that_accepts_but_never_answers_is_an_unreachable_service()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var client = _host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("silent");

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => client.GetAsync($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/health"));

        Assert.IsType<TimeoutRejectedException>(thrown);
        Assert.True(ServiceCalls.Unreachable(thrown));
    }

    [Fact]
    public void A_failure_of_the_callers_own_making_is_not_an_unreachable_service()
    {
        Assert.False(ServiceCalls.Unreachable(new InvalidOperationException("a bug")));
        Assert.False(ServiceCalls.Unreachable(new System.Text.Json.JsonException("a bad answer")));
    }

    public void Dispose() => _host.Dispose();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

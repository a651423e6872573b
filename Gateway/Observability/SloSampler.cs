using System.Collections.Concurrent;
using SutazAI.Contracts.Admin;

namespace SutazAI.Gateway.Observability;

/// <summary>
/// Every <see cref="Interval"/>, reads the platform's own metrics (the gateway's, the models service's and the
/// orchestrator's <c>/metrics</c>) and keeps the last half hour of SLO figures for <c>GET /api/v1/status/slo</c>:
/// request rate, error rate and p99 at the gateway, LLM latency, queue backlog. No Prometheus server needed.
/// </summary>
public sealed partial class SloSampler(IHttpClientFactory clients, IConfiguration configuration, TimeProvider clock, ILogger<SloSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private const int Kept = 180;
    private const string RequestDuration = "http_server_request_duration_seconds";
    private const string LlmDuration = "sutazai_llm_inference_duration_seconds";
    private const string QueueBacklog = "sutazai_tasks_queued";

    private readonly ConcurrentQueue<SloSample> _samples = new();
    private (DateTimeOffset At, PrometheusHistogram Requests, double Errors, PrometheusHistogram Llm)? _previous;

    public IReadOnlyList<SloSample> Samples => [.. _samples];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when ((ServiceCalls.Unreachable(ex) || ex is OperationCanceledException or IOException or FormatException) && !stoppingToken.IsCancellationRequested)
            {
                LogUnreadable(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        var gateway = await ReadAsync(ServiceInfo.InternalPort(configuration) is { } port ? $"http://localhost:{port}" : null, [RequestDuration], cancellationToken);
        var models = await ReadAsync(configuration["services:models:http:0"], [LlmDuration], cancellationToken);
        var orchestrator = await ReadAsync(configuration["services:orchestrator:http:0"], [QueueBacklog], cancellationToken);

        var now = clock.GetUtcNow();
        var requests = PrometheusHistogram.Of(gateway, RequestDuration, IsApiCall);
        var errors = gateway.Where(s => s.Name == RequestDuration + "_count" && IsApiCall(s)
            && s.Labels.TryGetValue("http_response_status_code", out var code) && code.StartsWith('5')).Sum(s => s.Value);
        var llm = PrometheusHistogram.Of(models, LlmDuration);
        var backlog = orchestrator.Where(s => s.Name == QueueBacklog).Sum(s => s.Value);
        if (_previous is { } previous)
        {
            var seconds = Math.Max(1, (now - previous.At).TotalSeconds);
            var recent = requests.Since(previous.Requests);
            var recentErrors = errors < previous.Errors ? errors : errors - previous.Errors;
            _samples.Enqueue(new SloSample(
                now,
                Math.Round(recent.Count / seconds, 3),
                recent.Count > 0 ? Math.Round(recentErrors / recent.Count, 4) : 0,
                Milliseconds(recent.Quantile(0.99)),
                Milliseconds(llm.Since(previous.Llm).Quantile(0.99)),
                backlog));
            while (_samples.Count > Kept)
            {
                _samples.TryDequeue(out _);
            }
        }

        _previous = (now, requests, errors, llm);
    }

    /// <summary>The samples of <paramref name="families"/> in the metrics of the service at <paramref name="address"/>.</summary>
    private async Task<List<PrometheusSample>> ReadAsync(string? address, string[] families, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(address))
        {
            return [];
        }

        using var client = clients.CreateClient(Apis.StatusApi.HttpClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        using var response = await client.GetAsync(
            $"{address.TrimEnd('/')}{Microsoft.Extensions.Hosting.Extensions.MetricsEndpointPath}", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        await using var exposition = await response.Content.ReadAsStreamAsync(timeout.Token);
        return await PrometheusSample.ReadAsync(exposition, families, timeout.Token);
    }

    /// <summary>
    /// API calls answered at once: not the console's pages and WebSocket, and not the streams that stay open for
    /// minutes by design (event streams, chat completions, MCP sessions), which would make every percentile a stream's length.
    /// </summary>
    private static bool IsApiCall(PrometheusSample sample) =>
        !sample.Labels.TryGetValue("http_route", out var route)
        || !(route == "/{**rest}" || route.EndsWith("/events", StringComparison.Ordinal)
            || route.StartsWith("/v1/chat", StringComparison.Ordinal) || route.StartsWith("/mcp", StringComparison.Ordinal));

    private static double? Milliseconds(double? seconds) => seconds is { } s ? Math.Round(s * 1000, 1) : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "SLO sample skipped: a service's metrics were unreadable ({Reason})")]
    private static partial void LogUnreadable(ILogger logger, string reason);
}

using System.Diagnostics.Metrics;

namespace SutazAI.Gateway.Observability;

/// <summary>The gateway's own metrics (meter <c>SutazAI</c>; Prometheus sees <c>sutazai_gateway_...</c>).</summary>
public static class GatewayTelemetry
{
    private static readonly Meter Meter = new(Telemetry.MeterName);

    public static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(
        "sutazai.gateway.rate_limited", "{request}", "Requests refused with 429, by route class and where the limit was counted (shared or local).");

    public static readonly Counter<long> AuthenticationFailures = Meter.CreateCounter<long>(
        "sutazai.gateway.authentication_failures", "{request}", "Credentials presented but refused: wrong, revoked or expired keys and tokens, failed logins.");
}

using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Writes a health report as JSON: the overall status, each check's status (without exception details), and
/// the service's name, version and uptime, so one status page can show the whole platform. On a public port (a
/// service that also has an internal one: the gateway) it says only Healthy, Degraded or Unhealthy.
/// </summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        if (ServiceInfo.InternalPort(context.RequestServices.GetRequiredService<IConfiguration>()) is { } internalPort && context.Connection.LocalPort != internalPort)
        {
            return JsonSerializer.SerializeAsync(context.Response.Body, new { status = report.Status.ToString() }, JsonSerializerOptions.Web, context.RequestAborted);
        }

        var body = new
        {
            status = report.Status.ToString(),
            service = ServiceInfo.Name,
            version = ServiceInfo.Version,
            startedAt = ServiceInfo.StartedAt,
            uptimeSeconds = ServiceInfo.UptimeSeconds,
            durationMs = report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
    }
}

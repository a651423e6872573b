using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Writes a health report as JSON: the overall status, each check's status (without exception details), and
/// the service's name, version and uptime, so one status page can show the whole platform.
/// </summary>
internal static class HealthResponseWriter
{

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
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

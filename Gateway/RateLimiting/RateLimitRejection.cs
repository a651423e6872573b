using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SutazAI.Contracts;

namespace SutazAI.Gateway.RateLimiting;

/// <summary>429 problem with <c>Retry-After</c> (whole seconds, at least 1).</summary>
public static class RateLimitRejection
{
    public static async ValueTask WriteAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var routeClass = RouteClasses.Of(context.Request.Path).ToString().ToLowerInvariant();
        var store = context.RequestServices.GetRequiredService<RateLimitStore>().UseShared ? "shared" : "local";
        Observability.GatewayTelemetry.RateLimited.Add(1,
            new KeyValuePair<string, object?>("class", routeClass),
            new KeyValuePair<string, object?>("store", store));
        var retryAfter = RetryAfter(rejected.Lease) ?? TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await WriteProblemAsync(context, $"Too many requests for this {routeClass} route class; retry in {seconds} s.");
    }

    public static Task WriteProblemAsync(HttpContext context, string detail) =>
        context.WriteProblemAsync(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, "Too many requests", detail);

    /// <summary>The lease's own retry hint (local windows and RedisRateLimiting both give one).</summary>
    public static TimeSpan? RetryAfter(RateLimitLease lease)
    {
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            return retryAfter;
        }

        foreach (var (name, value) in lease.GetAllMetadata())
        {
            if (name.Contains("RETRY", StringComparison.OrdinalIgnoreCase) && value is TimeSpan span)
            {
                return span;
            }
        }

        return null;
    }
}

using System.Diagnostics;

namespace SutazAI.Gateway.Observability;

/// <summary>
/// The correlation id of a request is its W3C trace id: the gateway returns it as <c>X-Correlation-Id</c>, and
/// every span and log line of every service that handled the request carries it.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";

    /// <summary>Answers with the trace id; registered before anything else so even a 401 or 413 carries it.</summary>
    public static WebApplication UseCorrelationId(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (Activity.Current is { } activity)
            {
                context.Response.Headers[HeaderName] = activity.TraceId.ToHexString();
            }

            return next(context);
        });
        return app;
    }

    /// <summary>
    /// A caller without W3C trace context may send its own correlation id; when it is a valid trace id
    /// (32 hex digits, not all zero) the request's trace continues it, otherwise a new trace starts.
    /// </summary>
    public sealed class Propagator(DistributedContextPropagator inner) : DistributedContextPropagator
    {
        public override IReadOnlyCollection<string> Fields => [.. inner.Fields, HeaderName];

        public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter) =>
            inner.Inject(activity, carrier, setter);

        public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
        {
            inner.ExtractTraceIdAndState(carrier, getter, out traceId, out traceState);
            if (traceId is null && getter is not null)
            {
                getter(carrier, HeaderName, out var correlationId, out _);
                if (IsTraceId(correlationId))
                {
                    // A parent span id is required by the format; a fixed one marks "from a correlation id".
                    traceId = $"00-{correlationId!.ToLowerInvariant()}-0000000000000001-01";
                }
            }
        }

        public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) =>
            inner.ExtractBaggage(carrier, getter);

        private static bool IsTraceId(string? value) =>
            value is { Length: 32 } && value.All(Uri.IsHexDigit) && value.Any(c => c != '0');
    }
}

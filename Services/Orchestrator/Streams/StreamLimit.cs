using Microsoft.Extensions.Options;
using SutazAI.Contracts;

namespace SutazAI.Orchestrator.Streams;

/// <summary>The event-stream routes: each open stream holds one of its person's leases (<see cref="StreamLeases"/>) until it ends.</summary>
public static class StreamLimit
{
    /// <summary>How long a refused client should wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    public static RouteHandlerBuilder LimitedPerOwner(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.User.Requester() is not { } owner)
            {
                return await next(context);
            }

            if (await http.RequestServices.GetRequiredService<StreamLeases>().TryAcquireAsync(owner) is not { } lease)
            {
                var max = http.RequestServices.GetRequiredService<IOptions<StreamOptions>>().Value.MaxPerOwner;
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, type: ProblemTypes.TooManyStreams,
                    title: "Too many event streams",
                    detail: $"One person may follow at most {max} event streams at once; close one, or try again in {RetryAfterSeconds} s.");
            }

            http.Response.RegisterForDisposeAsync(lease);
            return await next(context);
        })
        .ProducesProblem(StatusCodes.Status429TooManyRequests);
}

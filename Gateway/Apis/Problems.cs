using SutazAI.Contracts;

namespace SutazAI.Gateway.Apis;

/// <summary>The gateway's own 401/403 answers from inside an endpoint.</summary>
internal static class Problems
{
    public static IResult Unauthorized(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, type: ProblemTypes.Unauthorized, title: "Unauthorized", detail: detail);

    public static IResult InvalidCredentials(string detail)
    {
        Observability.GatewayTelemetry.AuthenticationFailures.Add(1, new KeyValuePair<string, object?>("reason", "login"));
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, type: ProblemTypes.InvalidCredentials, title: "Invalid credentials", detail: detail);
    }

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: ProblemTypes.Forbidden, title: "Forbidden", detail: detail);
}

using SutazAI.Contracts;

namespace SutazAI.Models.Llm;

internal static class LlmProblems
{
    public static IResult Unavailable(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "No LLM is available",
        detail: detail,
        type: ProblemTypes.LlmUnavailable);

    public static IResult BudgetExhausted(string requester) => TypedResults.Problem(
        statusCode: StatusCodes.Status429TooManyRequests,
        title: "Token budget exhausted",
        detail: $"The daily token budget of '{requester}' is spent; it renews at midnight UTC.",
        type: ProblemTypes.BudgetExhausted);

    public static IResult Invalid(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid LLM request",
        detail: detail,
        type: ProblemTypes.ValidationFailed);

    public static IResult UpstreamFailed(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status502BadGateway,
        title: "The LLM failed",
        detail: detail,
        type: ProblemTypes.LlmFailed);
}

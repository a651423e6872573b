namespace SutazAI.Contracts;

/// <summary>Stable ProblemDetails <c>type</c> URIs that clients may switch on.</summary>
public static class ProblemTypes
{
    private const string Base = "https://sutazai.dev/problems/";

    public const string InvalidJson = Base + "invalid-json";
    public const string ValidationFailed = Base + "validation-failed";
    public const string UnknownCapability = Base + "unknown-capability";
    public const string UnknownAgent = Base + "unknown-agent";
    public const string InvalidInput = Base + "invalid-input";
    public const string NotFound = Base + "not-found";
    public const string Conflict = Base + "conflict";
    public const string Unauthorized = Base + "unauthorized";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string SkillFailed = Base + "skill-failed";
    public const string Cancelled = Base + "cancelled";
    public const string ServiceUnavailable = Base + "service-unavailable";
    public const string BadRequest = Base + "bad-request";
    public const string InternalError = Base + "internal-error";
    public const string LlmUnavailable = Base + "llm-unavailable";
    public const string LlmFailed = Base + "llm-failed";
    public const string BudgetExhausted = Base + "budget-exhausted";
    public const string TaskTimeout = Base + "timeout";
    public const string DeadLettered = Base + "dead-lettered";

    /// <summary>The task's message could not be handed to the broker however often it was tried (e.g. no such agent queue).</summary>
    public const string DispatchFailed = Base + "dispatch-failed";
    public const string Forbidden = Base + "forbidden";
    public const string InvalidCredentials = Base + "invalid-credentials";
    public const string AccountLocked = Base + "account-locked";
    public const string RateLimited = Base + "rate-limited";
    public const string TooManyStreams = Base + "too-many-streams";
    public const string RequestTimeout = Base + "request-timeout";
    public const string HeadersTooLarge = Base + "headers-too-large";
    public const string UnsupportedApiVersion = Base + "unsupported-api-version";
    public const string ModelNotFound = Base + "model-not-found";

    /// <summary>A file of a supported type that cannot be read (a damaged PDF, a .docx that is not a package, no text inside).</summary>
    public const string UnreadableDocument = Base + "unreadable-document";
}

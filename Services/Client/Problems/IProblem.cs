namespace SutazAI.Client.Problems;

/// <summary>
/// A refusal from the platform (RFC 9457 problem details), whichever generated exception carries it: catch
/// <c>ApiException</c> and test for this. <see cref="Type"/> is a stable URI to switch on.
/// </summary>
public interface IProblem
{
    string? Type { get; }

    string? Title { get; }

    int? Status { get; }

    string? Detail { get; }

    /// <summary>The fields that failed validation and why (empty for problems not about fields).</summary>
    IReadOnlyDictionary<string, string[]> FieldErrors { get; }
}

namespace SutazAI.Contracts.Integration;

/// <summary>A <see cref="SubmitTask"/> was refused and nothing was stored: the same problem the HTTP API would answer with.</summary>
/// <param name="CommandId">The message id of the command it answers (empty when the command carried none).</param>
/// <param name="ProblemType">A stable problem type URI, e.g. <c>https://sutazai.dev/problems/validation-failed</c>.</param>
/// <param name="Detail">What was wrong, for people.</param>
/// <param name="Errors">Per field (<c>capability</c>, <c>input.text</c>, …), what was wrong with it; may be empty.</param>
/// <param name="RejectedAt">When it was refused.</param>
public sealed record TaskRejected(Guid CommandId, string ProblemType, string Detail, IReadOnlyDictionary<string, string[]> Errors, DateTimeOffset RejectedAt);

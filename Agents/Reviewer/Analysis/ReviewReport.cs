using SutazAI.Agents.CodeAnalysis;

namespace SutazAI.Agents.Reviewer.Analysis;

/// <summary>One method's size and cyclomatic complexity.</summary>
public sealed record MethodMetrics(string Name, int Line, int Lines, int Complexity);

/// <summary>A defect the rules found, e.g. <c>empty-catch</c>.</summary>
public sealed record Finding(string Rule, string Message, int Line);

/// <summary>Everything the static analysis found, and a 0-100 score.</summary>
public sealed record ReviewReport(
    bool Compiled,
    IReadOnlyList<CodeDiagnostic> Diagnostics,
    IReadOnlyList<MethodMetrics> Methods,
    IReadOnlyList<Finding> Findings,
    int Score);

namespace SutazAI.Agents.CodeAnalysis;

/// <summary>A compiler diagnostic as the agents report it.</summary>
public sealed record CodeDiagnostic(string Id, string Severity, string Message, int Line, int Column);

/// <summary>The outcome of compiling one C# source text in memory: it compiled when no diagnostic is an error.</summary>
public sealed record CompileResult(IReadOnlyList<CodeDiagnostic> Diagnostics)
{
    public const string ErrorSeverity = "Error";
    public const string WarningSeverity = "Warning";

    public IEnumerable<CodeDiagnostic> Errors => Diagnostics.Where(d => d.Severity == ErrorSeverity);

    public bool Compiled => !Errors.Any();
}

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
    int Score)
{
    /// <summary>Methods above this cyclomatic complexity are reported (<c>high-complexity</c>).</summary>
    public const int ComplexityLimit = 10;

    /// <summary>Methods longer than this many lines are reported (<c>long-method</c>).</summary>
    public const int LengthLimit = 60;
}

namespace SutazAI.Agents.CodeAnalysis;

/// <summary>
/// Compiles and reviews C# in memory against the .NET 10 reference assemblies (nothing is loaded or run). Only types
/// of this assembly and the base library cross it, so its implementation can live in a load context of its own.
/// </summary>
public interface ICSharpAnalysis
{
    /// <summary>Compiles the code, with implicit usings like an SDK project.</summary>
    CompileResult Compile(string code, CancellationToken cancellationToken = default);

    /// <summary>Compiler diagnostics, per-method complexity and length, and the rules' findings, scored.</summary>
    ReviewReport Review(string code, CancellationToken cancellationToken = default);
}

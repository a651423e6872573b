namespace SutazAI.Agents.CodeAnalysis.Roslyn;

/// <summary>The entry point <see cref="RoslynLoadContext"/> creates: public only for it, found by reflection.</summary>
public sealed class RoslynCSharpAnalysis : ICSharpAnalysis
{
    public CompileResult Compile(string code, CancellationToken cancellationToken = default)
    {
        var outcome = CSharpCompiler.Compile(code, cancellationToken);
        return new CompileResult(outcome.Compiled, outcome.Diagnostics);
    }

    public ReviewReport Review(string code, CancellationToken cancellationToken = default) =>
        CodeReviewer.Review(code, cancellationToken);
}

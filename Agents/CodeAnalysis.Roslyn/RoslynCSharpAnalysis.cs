namespace SutazAI.Agents.CodeAnalysis.Roslyn;

/// <summary>The entry point <see cref="RoslynLoadContext"/> creates: public only for it, found by reflection.</summary>
public sealed class RoslynCSharpAnalysis : ICSharpAnalysis
{
    public CompileResult Compile(string code, CancellationToken cancellationToken = default) =>
        CSharpCompiler.Compile(code, cancellationToken).Result;

    public ReviewReport Review(string code, CancellationToken cancellationToken = default) =>
        CodeReviewer.Review(code, cancellationToken);
}

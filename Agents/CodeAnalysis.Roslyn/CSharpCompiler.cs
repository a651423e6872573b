using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SutazAI.Agents.CodeAnalysis.Roslyn;

/// <summary>A compile's result, with the compilation and syntax tree the review goes on to read.</summary>
internal sealed record CompilationOutcome(CompileResult Result, CSharpCompilation Compilation, SyntaxTree Tree);

/// <summary>
/// Compiles C# against the .NET 10 reference assemblies shipped in Basic.Reference.Assemblies (no SDK needed at
/// run time), with implicit usings like an SDK project. Nothing is loaded or run: compile only.
/// </summary>
internal static class CSharpCompiler
{
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CompilationOutcome Compile(string code, CancellationToken cancellationToken = default)
    {
        var tree = CSharpSyntaxTree.ParseText(code, ParseOptions, path: "Code.cs", cancellationToken: cancellationToken);
        var usings = CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, path: "GlobalUsings.cs", cancellationToken: cancellationToken);
        var hasTopLevelStatements = tree.GetRoot(cancellationToken).ChildNodes().OfType<GlobalStatementSyntax>().Any();
        var options = new CSharpCompilationOptions(
            hasTopLevelStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: false);
        var compilation = CSharpCompilation.Create("Submitted", [tree, usings], Net100.References.All, options);

        var diagnostics = compilation.GetDiagnostics(cancellationToken)
            .Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning)
            .Where(d => d.Location.SourceTree == tree || d.Severity == DiagnosticSeverity.Error)
            // Unused global usings are ours, not the author's.
            .Where(d => d.Id != "CS8019")
            .Select(d =>
            {
                var span = d.Location.GetLineSpan();
                return new CodeDiagnostic(d.Id, d.Severity.ToString(), d.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
                    span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
            })
            .OrderBy(d => d.Line).ThenBy(d => d.Column)
            .ToList();
        return new CompilationOutcome(new CompileResult(diagnostics), compilation, tree);
    }
}

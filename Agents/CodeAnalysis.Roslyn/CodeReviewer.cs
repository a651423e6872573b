using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SutazAI.Agents.CodeAnalysis.Roslyn;

/// <summary>
/// Static review of C# with Roslyn: compiler diagnostics, per-method cyclomatic complexity and length, unused
/// locals and parameters, empty catch blocks and async void methods.
/// </summary>
internal static class CodeReviewer
{
    public static ReviewReport Review(string code, CancellationToken cancellationToken = default)
    {
        var outcome = CSharpCompiler.Compile(code, cancellationToken);
        var root = outcome.Tree.GetRoot(cancellationToken);
        var model = outcome.Compilation.GetSemanticModel(outcome.Tree);

        var methods = new List<MethodMetrics>();
        var findings = new List<Finding>();
        foreach (var member in root.DescendantNodes().OfType<BaseMethodDeclarationSyntax>())
        {
            var name = member switch
            {
                MethodDeclarationSyntax m => m.Identifier.Text,
                ConstructorDeclarationSyntax c => c.Identifier.Text + " (constructor)",
                _ => member.Kind().ToString(),
            };
            var body = (SyntaxNode?)member.Body ?? member.ExpressionBody;
            if (body is null)
            {
                continue;
            }

            var lines = member.GetLocation().GetLineSpan();
            var metrics = new MethodMetrics(name, lines.StartLinePosition.Line + 1,
                lines.EndLinePosition.Line - lines.StartLinePosition.Line + 1, Complexity(body));
            methods.Add(metrics);
            if (metrics.Complexity > ReviewReport.ComplexityLimit)
            {
                findings.Add(new Finding("high-complexity", $"{name} has cyclomatic complexity {metrics.Complexity} (limit {ReviewReport.ComplexityLimit}).", metrics.Line));
            }

            if (metrics.Lines > ReviewReport.LengthLimit)
            {
                findings.Add(new Finding("long-method", $"{name} is {metrics.Lines} lines long (limit {ReviewReport.LengthLimit}).", metrics.Line));
            }

            if (member is MethodDeclarationSyntax method)
            {
                if (method.Modifiers.Any(SyntaxKind.AsyncKeyword) && method.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword })
                {
                    findings.Add(new Finding("async-void", $"{name} is async void: its exceptions crash the process and callers cannot await it.", metrics.Line));
                }

                findings.AddRange(UnusedParameters(method, body, model));
            }

            findings.AddRange(UnusedLocals(body, model));
        }

        foreach (var catchClause in root.DescendantNodes().OfType<CatchClauseSyntax>())
        {
            if (catchClause.Block.Statements.Count == 0)
            {
                findings.Add(new Finding("empty-catch", "An empty catch block swallows the exception.", Line(catchClause)));
            }
        }

        findings = findings.DistinctBy(f => (f.Rule, f.Line, f.Message)).OrderBy(f => f.Line).ToList();
        return new ReviewReport(outcome.Result.Compiled, outcome.Result.Diagnostics, methods, findings, Score(outcome.Result, methods, findings));
    }

    /// <summary>1 + each decision point: branches, loops, cases, catches, conditional and short-circuit operators.</summary>
    public static int Complexity(SyntaxNode body) => 1 + body.DescendantNodesAndSelf().Count(node => node switch
    {
        IfStatementSyntax or WhileStatementSyntax or ForStatementSyntax or ForEachStatementSyntax or DoStatementSyntax => true,
        CaseSwitchLabelSyntax or CasePatternSwitchLabelSyntax or SwitchExpressionArmSyntax => true,
        CatchClauseSyntax or ConditionalExpressionSyntax => true,
        BinaryExpressionSyntax b => b.IsKind(SyntaxKind.LogicalAndExpression) || b.IsKind(SyntaxKind.LogicalOrExpression) || b.IsKind(SyntaxKind.CoalesceExpression),
        _ => false,
    });

    private static IEnumerable<Finding> UnusedLocals(SyntaxNode body, SemanticModel model)
    {
        foreach (var declarator in body.DescendantNodes().OfType<VariableDeclaratorSyntax>())
        {
            if (model.GetDeclaredSymbol(declarator) is not ILocalSymbol local)
            {
                continue;
            }

            if (!IsReferenced(body, local, model))
            {
                yield return new Finding("unused-variable", $"The variable '{local.Name}' is never used.", Line(declarator));
            }
        }
    }

    private static IEnumerable<Finding> UnusedParameters(MethodDeclarationSyntax method, SyntaxNode body, SemanticModel model)
    {
        // Signatures fixed by someone else (overrides, interface members, event handlers) may need unused parameters.
        if (method.Modifiers.Any(SyntaxKind.OverrideKeyword) || method.Modifiers.Any(SyntaxKind.ExternKeyword) || method.ExplicitInterfaceSpecifier is not null)
        {
            yield break;
        }

        foreach (var parameter in method.ParameterList.Parameters)
        {
            if (model.GetDeclaredSymbol(parameter) is { } symbol && symbol.Name != "_" && !IsReferenced(body, symbol, model))
            {
                yield return new Finding("unused-parameter", $"The parameter '{symbol.Name}' of {method.Identifier.Text} is never used.", Line(parameter));
            }
        }
    }

    private static bool IsReferenced(SyntaxNode scope, ISymbol symbol, SemanticModel model) =>
        scope.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(identifier => identifier.Identifier.Text == symbol.Name)
            .Any(identifier => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier).Symbol, symbol));

    private static int Line(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    private static int Score(CompileResult outcome, IReadOnlyList<MethodMetrics> methods, IReadOnlyList<Finding> findings)
    {
        var score = 100.0;
        score -= 15 * outcome.Errors.Count();
        score -= 2 * outcome.Diagnostics.Count(d => d.Severity == CompileResult.WarningSeverity);
        score -= 5 * findings.Count;
        score -= methods.Sum(m => Math.Max(0, m.Complexity - ReviewReport.ComplexityLimit));
        return (int)Math.Clamp(Math.Round(score), 0, 100);
    }
}

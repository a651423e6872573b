using Microsoft.Extensions.Logging.Abstractions;
using SutazAI.Agents.CodeAnalysis;
using SutazAI.Testing;

namespace SutazAI.Agents.Tests.Reviewer;

public class CodeReviewerTests
{
    // Roslyn in its own load context, as the agents run it; kept loaded for the whole class.
    private static readonly IsolatedCSharpAnalysis Analysis = new(Timeout.InfiniteTimeSpan, NullLogger<IsolatedCSharpAnalysis>.Instance);

    [Fact]
    public void Finds_every_planted_defect()
    {
        var report = Analysis.Review(PlantedDefects.Code);

        Assert.True(report.Compiled, string.Join("; ", report.Diagnostics.Select(d => d.Message)));
        Assert.Contains(report.Findings, f => f.Rule == "async-void" && f.Message.Contains("FireAndForget", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.Rule == "empty-catch");
        Assert.Contains(report.Findings, f => f.Rule == "unused-variable" && f.Message.Contains("'forgotten'", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Findings, f => f.Rule == "unused-variable" && f.Message.Contains("'sum'", StringComparison.Ordinal));
        var classify = Assert.Single(report.Methods, m => m.Name == "Classify");
        Assert.True(classify.Complexity > ReviewReport.ComplexityLimit, $"complexity {classify.Complexity}");
        Assert.Contains(report.Findings, f => f.Rule == "high-complexity" && f.Message.Contains("Classify", StringComparison.Ordinal));
        Assert.True(report.Score < 100);
    }

    [Fact]
    public void Counts_cyclomatic_complexity_per_decision_point()
    {
        var report = Analysis.Review("""
            class C
            {
                int Straight() => 1;
                int Branches(int a, bool b) { if (a > 0 && b) { return 1; } return a > 5 ? 2 : 3; }
            }
            """);
        Assert.Equal(1, Assert.Single(report.Methods, m => m.Name == "Straight").Complexity);
        Assert.Equal(4, Assert.Single(report.Methods, m => m.Name == "Branches").Complexity);
    }

    [Fact]
    public void Reports_unused_parameters_but_not_of_overrides()
    {
        var report = Analysis.Review("""
            class Base { public virtual int F(int x) => x; }
            class Derived : Base
            {
                public override int F(int x) => 0;
                public int G(int used, int ignored) => used;
            }
            """);
        Assert.Contains(report.Findings, f => f.Rule == "unused-parameter" && f.Message.Contains("'ignored'", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Findings, f => f.Rule == "unused-parameter" && f.Message.Contains("'x'", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Findings, f => f.Rule == "unused-parameter" && f.Message.Contains("'used'", StringComparison.Ordinal));
    }

    [Fact]
    public void Clean_code_scores_100_and_broken_code_reports_compiler_errors()
    {
        Assert.Equal(100, Analysis.Review("public static class M { public static int Twice(int x) => x * 2; }").Score);

        var broken = Analysis.Review("public class B { public int F() { return undefinedName; } }");
        Assert.False(broken.Compiled);
        Assert.Contains(broken.Diagnostics, d => d.Id == "CS0103" && d.Severity == "Error");
        Assert.True(broken.Score <= 85);
    }

    [Theory]
    [InlineData("```csharp\nclass A {}\n```", "class A {}")]
    [InlineData("Sure!\n```cs\nclass B {}\n```\nDone.", "class B {}")]
    [InlineData("class C {}", "class C {}")]
    public void Code_is_taken_from_the_first_fenced_block(string answer, string expected) =>
        Assert.Equal(expected, CodeBlocks.Extract(answer));

    [Fact]
    public void Top_level_programs_compile_as_applications() =>
        Assert.True(Analysis.Compile("Console.WriteLine(\"hi\");").Compiled);
}

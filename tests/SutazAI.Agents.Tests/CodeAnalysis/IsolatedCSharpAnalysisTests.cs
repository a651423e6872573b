using System.Runtime.Loader;
using Microsoft.Extensions.Logging.Abstractions;
using SutazAI.Agents.CodeAnalysis;
using SutazAI.Testing;

namespace SutazAI.Agents.Tests.CodeAnalysis;

public class IsolatedCSharpAnalysisTests
{
    // Far above the milliseconds an unload takes, for a machine three times slower and busy.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Roslyn_loads_only_into_its_own_collectible_context()
    {
        using var analysis = new IsolatedCSharpAnalysis(Timeout.InfiniteTimeSpan, NullLogger<IsolatedCSharpAnalysis>.Instance);

        Assert.True(analysis.Compile("class C { }").Compiled);

        var contexts = AssemblyLoadContext.All
            .Where(context => context.Assemblies.Any(a => a.GetName().Name == "Microsoft.CodeAnalysis.CSharp"))
            .ToList();
        Assert.NotEmpty(contexts);
        Assert.All(contexts, context => Assert.True(context.IsCollectible, $"Roslyn is in the {context.Name} context"));
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Calls_within_the_idle_time_share_one_load()
    {
        using var analysis = new IsolatedCSharpAnalysis(TimeSpan.FromHours(1), NullLogger<IsolatedCSharpAnalysis>.Instance);

        Assert.False(analysis.Compile("class C { int F() => undefined; }").Compiled);
        Assert.Equal(100, analysis.Review("public static class M { public static int Twice(int x) => x * 2; }").Score);

        Assert.Equal(1, analysis.Loads);
        Assert.True(analysis.IsLoaded);
    }

    [Fact]
    public async Task After_an_idle_spell_Roslyn_is_unloaded_and_freed_and_the_next_call_loads_it_again()
    {
        using var analysis = new IsolatedCSharpAnalysis(TimeSpan.FromMilliseconds(200), NullLogger<IsolatedCSharpAnalysis>.Instance);
        Assert.True(analysis.Compile("class C { }").Compiled);
        var first = analysis.LastContext!;

        await TaskClient.WaitUntilAsync(() => !analysis.IsLoaded, Patience, "Roslyn is unloaded");
        await TaskClient.WaitUntilAsync(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return !first.IsAlive;
        }, Patience, "nothing references the unloaded context");

        var report = analysis.Review("class D { void F() { try { } catch { } } }");
        Assert.Contains(report.Findings, f => f.Rule == "empty-catch");
        Assert.Equal(2, analysis.Loads);
    }
}

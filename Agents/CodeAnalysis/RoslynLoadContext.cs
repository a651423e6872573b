using System.Reflection;
using System.Runtime.Loader;

namespace SutazAI.Agents.CodeAnalysis;

/// <summary>
/// A collectible load context holding Roslyn, the reference assemblies and the analysis built on them, loaded from
/// the program's folder. Everything else (the base library, this assembly's result types) comes from the default
/// context, so results cross without copying and nothing outside keeps the context alive once they are returned.
/// </summary>
internal sealed class RoslynLoadContext() : AssemblyLoadContext("roslyn", isCollectible: true)
{
    public const string ImplementationAssembly = "SutazAI.Agents.CodeAnalysis.Roslyn";

    private static readonly HashSet<string> Isolated = new(StringComparer.Ordinal)
    {
        ImplementationAssembly,
        "Microsoft.CodeAnalysis",
        "Microsoft.CodeAnalysis.CSharp",
        "Basic.Reference.Assemblies.Net100",
    };

    public ICSharpAnalysis CreateAnalysis()
    {
        var assembly = LoadFromAssemblyName(new AssemblyName(ImplementationAssembly));
        var type = assembly.GetTypes().Single(t => t.IsClass && !t.IsAbstract && typeof(ICSharpAnalysis).IsAssignableFrom(t));
        return (ICSharpAnalysis)Activator.CreateInstance(type)!;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { } name || !Isolated.Contains(name))
        {
            return null;
        }

        var directory = AppContext.BaseDirectory;
        var path = Path.Combine(directory, name + ".dll");
        return File.Exists(path)
            ? LoadFromAssemblyPath(path)
            : throw new FileNotFoundException($"{name}.dll is not in {directory}: the C# analysis cannot load.", path);
    }
}

namespace SutazAI.Testing;

/// <summary>Files of this repository, found from the test's working folder up to <c>SutazAI.sln</c>.</summary>
public static class Repository
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "SutazAI.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No SutazAI.sln above {AppContext.BaseDirectory}.");
    });

    public static string Path(string relative) => System.IO.Path.Combine(Root.Value, relative);
}

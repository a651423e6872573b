namespace SutazAI.PartnerService.Tests;

public sealed class BusInterfaceDocumentTests
{
    [Fact]
    public void The_bus_interface_page_describes_the_packed_contracts()
    {
        var path = Path.Combine(RepositoryRoot(), BusInterfaceDocument.RelativePath);
        var written = BusInterfaceDocument.Write();
        if (Environment.GetEnvironmentVariable("SUTAZAI_WRITE_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, written);
        }

        Assert.True(File.Exists(path), $"{BusInterfaceDocument.RelativePath} is missing; write it with SUTAZAI_WRITE_DOCS=1.");
        Assert.Equal(written, File.ReadAllText(path).ReplaceLineEndings("\n"));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SutazAI.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("No SutazAI.sln above the test's folder.");
    }
}

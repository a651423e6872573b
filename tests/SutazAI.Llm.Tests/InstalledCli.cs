using System.Diagnostics;
using System.Text;
using SutazAI.Testing;

namespace SutazAI.Llm.Tests;

/// <summary>
/// The <c>sutazai</c> tool as a user gets it: installed with <c>dotnet tool install --tool-path</c> from the newest
/// SutazAI.Cli package in artifacts/packages (test.sh packs it before the tests), once per test run.
/// </summary>
public static class InstalledCli
{
    private static readonly Lazy<Task<string>> Installed = new(InstallAsync);

    public static Task<string> PathAsync() => Installed.Value;

    /// <summary>Runs the tool with <paramref name="arguments"/>, <paramref name="input"/> on standard input, and the given environment.</summary>
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo(await PathAsync()) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return await RunProcessAsync(start, environment, input);
    }

    /// <summary>Runs a command line in a pseudo-terminal (util-linux <c>script</c>), as a person at a terminal would.</summary>
    public static async Task<CliRun> RunInTerminalAsync(IReadOnlyDictionary<string, string> environment, string input, string arguments)
    {
        var start = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in (string[])["-qfec", $"stty cols 120 -echo; {await PathAsync()} {arguments}", "/dev/null"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TERM"] = "xterm-256color";
        return await RunProcessAsync(start, environment, input, slowInput: true);
    }

    private static async Task<CliRun> RunProcessAsync(ProcessStartInfo start, IReadOnlyDictionary<string, string> environment, string? input, bool slowInput = false)
    {
        foreach (var name in (string[])["SUTAZAI_URL", "SUTAZAI_API_KEY", "SUTAZAI_CONFIG_DIR"])
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            foreach (var line in slowInput ? input.Split('\n') : [input])
            {
                // In a terminal each line is typed after the previous answer has had time to start.
                await process.StandardInput.WriteAsync(slowInput ? line + "\n" : line);
                await process.StandardInput.FlushAsync();
                if (slowInput)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2));
                }
            }
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await output, await errors);
    }

    private static async Task<string> InstallAsync()
    {
        var packages = Repository.Path("artifacts/packages");
        var package = new DirectoryInfo(packages).GetFiles("SutazAI.Cli.*.nupkg").OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()
            ?? throw new InvalidOperationException("No SutazAI.Cli package in artifacts/packages: run scripts/pack.sh cli (test.sh does).");
        var version = package.Name["SutazAI.Cli.".Length..^".nupkg".Length];
        var folder = Directory.CreateTempSubdirectory("sutazai-tool-").FullName;
        var install = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["tool", "install", "SutazAI.Cli", "--version", version, "--tool-path", folder, "--add-source", packages])
        {
            install.ArgumentList.Add(argument);
        }

        using var process = Process.Start(install)!;
        var output = new StringBuilder(await process.StandardOutput.ReadToEndAsync()).Append(await process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? Path.Combine(folder, "sutazai") : throw new InvalidOperationException($"dotnet tool install failed: {output}");
    }
}

/// <summary>How one run of the tool ended.</summary>
public sealed record CliRun(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Errors}";
}

using System.Diagnostics;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>Where PostgreSQL, Redis and RabbitMQ come from: containers, or Debian's daemons run by the AppHost.</summary>
public enum InfrastructureMode
{
    Containers,
    Local,
}

public static class InfrastructureModeDetector
{
    /// <summary>The <c>Infra</c> setting (<c>containers</c>/<c>local</c>) wins; otherwise containers when a runtime answers.</summary>
    public static InfrastructureMode Resolve(string? setting) => setting?.Trim().ToLowerInvariant() switch
    {
        "containers" or "container" or "docker" => InfrastructureMode.Containers,
        "local" => InfrastructureMode.Local,
        null or "" or "auto" => ContainerRuntimeAnswers() ? InfrastructureMode.Containers : InfrastructureMode.Local,
        var other => throw new InvalidOperationException($"Infra must be 'containers', 'local' or 'auto', not '{other}'."),
    };

    private static bool ContainerRuntimeAnswers()
    {
        foreach (var runtime in (string[])["docker", "podman"])
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(runtime, "info")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                });
                if (process is null)
                {
                    continue;
                }

                process.StandardOutput.ReadToEndAsync();
                process.StandardError.ReadToEndAsync();
                if (process.WaitForExit(TimeSpan.FromSeconds(10)) && process.ExitCode == 0)
                {
                    return true;
                }

                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed.
            }
        }

        return false;
    }
}

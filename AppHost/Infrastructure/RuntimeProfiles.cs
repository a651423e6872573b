using Microsoft.Extensions.Configuration;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>
/// The .NET runtime settings each kind of service starts with (<c>DOTNET_*</c> environment variables, which win over
/// a project's runtimeconfig): the AppHost's <c>Runtime:All</c> section for every service, then
/// <c>Runtime:{kind}</c> for its kind (<c>gateway</c>, <c>orchestrator</c>, <c>agents</c>, <c>services</c>, <c>web</c>).
/// Chosen by measurement (README, "Runtime settings"); the benchmark tries others with <c>--setting Runtime:...=...</c>.
/// </summary>
internal static class RuntimeProfiles
{
    public const string Section = "Runtime";
    private const string Prefix = "DOTNET_";

    public static string KindOf(string resourceName) => resourceName switch
    {
        "gateway" or "orchestrator" or "web" => resourceName,
        _ when resourceName.StartsWith("agent-", StringComparison.Ordinal) => "agents",
        _ => "services",
    };

    /// <summary>
    /// Whether a service runs from its ReadyToRun images (when built, see Directory.Build.targets):
    /// <c>Programs:ReadyToRun:{kind}</c>, else <c>Programs:ReadyToRun:All</c>, else yes.
    /// </summary>
    public static bool WantsReadyToRun(IConfiguration configuration, string resourceName) =>
        configuration.GetValue<bool?>($"Programs:ReadyToRun:{KindOf(resourceName)}") ?? configuration.GetValue("Programs:ReadyToRun:All", true);

    /// <summary>
    /// The nice value a service's program starts with on Linux (<c>nice -n</c>, inherited by all its threads):
    /// <c>Programs:Niceness:{kind}</c>, else <c>Programs:Niceness:All</c>, else 0. Measured for the agents (README,
    /// "Benchmark"): at 10 their skills wait for a core behind the gateway and orchestrator, which shortens submissions
    /// under load and lengthens the tasks' own wait, so it is off by default.
    /// </summary>
    public static int NicenessOf(IConfiguration configuration, string resourceName) =>
        OperatingSystem.IsLinux()
            ? configuration.GetValue<int?>($"Programs:Niceness:{KindOf(resourceName)}") ?? configuration.GetValue("Programs:Niceness:All", 0)
            : 0;

    public static IResourceBuilder<ServiceProgramResource> WithRuntimeProfile(this IResourceBuilder<ServiceProgramResource> project, IConfiguration configuration)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in new[] { "All", KindOf(project.Resource.Name) })
        {
            foreach (var setting in configuration.GetSection($"{Section}:{section}").GetChildren())
            {
                if (!setting.Key.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{Section}:{section}:{setting.Key} is not a .NET runtime setting: only {Prefix}* variables belong there.");
                }

                settings[setting.Key] = setting.Value ?? "";
            }
        }

        foreach (var (name, value) in settings.Where(s => s.Value.Length > 0))
        {
            project.WithEnvironment(name, value);
        }

        return project;
    }
}

using Microsoft.Extensions.Configuration;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>
/// The .NET runtime settings each kind of service starts with (<c>DOTNET_*</c> environment variables, which win over
/// a project's runtimeconfig): the AppHost's <c>Runtime:All</c> section for every service, then
/// <c>Runtime:{kind}</c> for its kind (<c>gateway</c>, <c>orchestrator</c>, <c>agents</c>, <c>services</c>, <c>web</c>),
/// then <c>Runtime:{name}</c> for the one service (<c>agent-analyst</c>); <c>Programs:*</c> settings look the other way
/// round, the service's own first.
/// Chosen by measurement (README, "Runtime settings"); the benchmark tries others with <c>--setting Runtime:...=...</c>.
/// </summary>
public static class RuntimeProfiles
{
    public const string Section = "Runtime";
    private const string Prefix = "DOTNET_";

    public static string KindOf(string resourceName) => resourceName switch
    {
        "gateway" or "orchestrator" or "web" => resourceName,
        _ when resourceName.StartsWith("agent-", StringComparison.Ordinal) => "agents",
        _ => "services",
    };

    /// <summary>The sections a service's settings come from, broadest first: <c>All</c>, its kind, its name.</summary>
    public static IReadOnlyList<string> SectionsOf(string resourceName) =>
        KindOf(resourceName) == resourceName ? ["All", resourceName] : ["All", KindOf(resourceName), resourceName];

    /// <summary>
    /// Whether a service runs from its ReadyToRun images (when built, see Directory.Build.targets):
    /// <c>Programs:ReadyToRun:{name}</c>, else <c>:{kind}</c>, else <c>:All</c>, else yes.
    /// </summary>
    public static bool WantsReadyToRun(IConfiguration configuration, string resourceName) =>
        MostSpecific<bool>(configuration, "Programs:ReadyToRun", resourceName) ?? true;

    /// <summary>
    /// The nice value a service's program starts with on Linux (<c>nice -n</c>, inherited by all its threads):
    /// <c>Programs:Niceness:{name}</c>, else <c>:{kind}</c>, else <c>:All</c>, else 0. Measured for the agents (README,
    /// "Benchmark"): at 10 their skills wait for a core behind the gateway and orchestrator, which shortens submissions
    /// under load and lengthens the tasks' own wait, so it is off by default.
    /// </summary>
    public static int NicenessOf(IConfiguration configuration, string resourceName) =>
        OperatingSystem.IsLinux() ? MostSpecific<int>(configuration, "Programs:Niceness", resourceName) ?? 0 : 0;

    private static T? MostSpecific<T>(IConfiguration configuration, string setting, string resourceName)
        where T : struct =>
        SectionsOf(resourceName).Reverse().Select(section => configuration.GetValue<T?>($"{setting}:{section}")).FirstOrDefault(value => value is not null);

    internal static IResourceBuilder<ServiceProgramResource> WithRuntimeProfile(this IResourceBuilder<ServiceProgramResource> project, IConfiguration configuration)
    {
        foreach (var (name, value) in SettingsOf(configuration, project.Resource.Name))
        {
            project.WithEnvironment(name, value);
        }

        return project;
    }

    /// <summary>The runtime settings a service starts with; a narrower section's empty value removes a broader one's.</summary>
    public static IReadOnlyDictionary<string, string> SettingsOf(IConfiguration configuration, string resourceName)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in SectionsOf(resourceName))
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

        return settings.Where(s => s.Value.Length > 0).ToDictionary(StringComparer.Ordinal);
    }
}

using Aspire.Hosting.Publishing;
using Microsoft.Extensions.Configuration;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>
/// A SutazAI service run as the program its build produced. Aspire starts a project resource with <c>dotnet run</c>,
/// which evaluates the project before the program starts: 1.5-3 CPU seconds per service, a quarter of the platform's
/// start on two cores (README, "Start-up"). A published manifest still describes it as the project it is built from.
/// </summary>
public sealed class ServiceProgramResource(string name, string program, string workingDirectory, string projectPath)
    : ExecutableResource(name, program, workingDirectory), IResourceWithServiceDiscovery
{
    /// <summary>The project file the program is built from.</summary>
    public string ProjectPath { get; } = projectPath;
}

internal static class ServicePrograms
{
    /// <summary>
    /// Where builds put programs, below a project's <c>bin</c>: <c>{configuration}/{framework}/</c>, the same for every
    /// project (Directory.Build.props), read from where this AppHost (or the test hosting it) was built.
    /// </summary>
    private static readonly string OutputFolder = FolderBelowBin(AppContext.BaseDirectory);

    /// <summary>
    /// The service of <typeparamref name="TProject"/>, listening on its endpoints (<c>ASPNETCORE_URLS</c>) and
    /// exporting telemetry to the dashboard like a project resource. It runs from its ReadyToRun images, a published
    /// program in its own folder (its content root), when the service wants them (<see cref="RuntimeProfiles.WantsReadyToRun"/>)
    /// and they are at least as new as the build; otherwise from the build output, in the project's folder as with
    /// <c>dotnet run</c>.
    /// </summary>
    public static IResourceBuilder<ServiceProgramResource> AddServiceProgram<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var projectPath = new TProject().ProjectPath;
        var (program, workingDirectory) = ProgramOf(projectPath, RuntimeProfiles.WantsReadyToRun(builder.Configuration, name));
        if (builder.ExecutionContext.IsRunMode && !File.Exists(program))
        {
            throw new DistributedApplicationException(
                $"{name} has not been built: {program} is missing. Build the solution first (./run.sh does).");
        }

        // nice execs the program, so the process DCP watches is the service itself; a manifest names the project only.
        var niceness = builder.ExecutionContext.IsRunMode ? RuntimeProfiles.NicenessOf(builder.Configuration, name) : 0;
        var resource = new ServiceProgramResource(name, niceness > 0 ? "nice" : program, workingDirectory, projectPath);
        var service = builder.AddResource(resource);
        if (niceness > 0)
        {
            service.WithArgs("-n", niceness.ToString(System.Globalization.CultureInfo.InvariantCulture), program);
        }

        return service
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory")
            .WithOtlpExporter()
            .WithEnvironment(context => context.EnvironmentVariables["ASPNETCORE_URLS"] = ListenUrls(resource))
            .WithManifestPublishingCallback(context => WriteProjectAsync(context, resource));
    }

    /// <summary>
    /// An endpoint of the service (<paramref name="scheme"/> http or https). In a run it is bound by the service itself
    /// on <paramref name="port"/> or a free loopback port, so callers reach it without a hop through Aspire's DCP
    /// proxy, a user-space copy of every request and answer (README, "Benchmark"); <c>Programs:Proxied</c> true puts
    /// the proxy back. A published manifest leaves ports to the deployment, as before.
    /// </summary>
    public static IResourceBuilder<ServiceProgramResource> WithServiceEndpoint(
        this IResourceBuilder<ServiceProgramResource> service, string scheme, string name, int? port = null)
    {
        var builder = service.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode || builder.Configuration.GetValue("Programs:Proxied", false))
        {
            return service.WithEndpoint(port: port, scheme: scheme, name: name);
        }

        var bound = port ?? FreePort.Next();
        return service.WithEndpoint(port: bound, targetPort: bound, scheme: scheme, name: name, isProxied: false);
    }

    private static string FolderBelowBin(string directory)
    {
        var marker = $"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}";
        var at = directory.LastIndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? throw new InvalidOperationException($"{directory} is not a build output folder.") : directory[(at + marker.Length)..];
    }

    /// <summary>The apphost executable of the project's ReadyToRun images when wanted and current, else of its build.</summary>
    private static (string Program, string WorkingDirectory) ProgramOf(string projectPath, bool readyToRun)
    {
        var name = Path.GetFileNameWithoutExtension(projectPath);
        var projectDirectory = Path.GetDirectoryName(projectPath)!;
        var output = Path.Combine(projectDirectory, "bin", OutputFolder);
        var images = Path.Combine(output, "ready-to-run");
        var program = name + (OperatingSystem.IsWindows() ? ".exe" : "");
        var current = readyToRun
            && File.Exists(Path.Combine(images, program))
            && File.GetLastWriteTimeUtc(Path.Combine(images, name + ".dll")) >= File.GetLastWriteTimeUtc(Path.Combine(output, name + ".dll"));
        return current ? (Path.Combine(images, program), images) : (Path.Combine(output, program), projectDirectory);
    }

    /// <summary>Every HTTP(S) endpoint of the service, at the port the service itself binds (behind Aspire's proxy, or its own).</summary>
    private static ReferenceExpression ListenUrls(ServiceProgramResource resource)
    {
        var urls = new ReferenceExpressionBuilder();
        foreach (var endpoint in resource.GetEndpoints())
        {
            if (!urls.IsEmpty)
            {
                urls.AppendLiteral(";");
            }

            urls.Append($"{endpoint.Property(EndpointProperty.Scheme)}://{endpoint.EndpointAnnotation.TargetHost}:{endpoint.Property(EndpointProperty.TargetPort)}");
        }

        return urls.Build();
    }

    /// <summary>A published manifest names the project (<c>project.v0</c>), as it would for a project resource.</summary>
    private static async Task WriteProjectAsync(ManifestPublishingContext context, ServiceProgramResource resource)
    {
        context.Writer.WriteString("type", "project.v0");
        context.Writer.WriteString("path", context.GetManifestRelativePath(resource.ProjectPath));
        await context.WriteCommandLineArgumentsAsync(resource);
        await context.WriteEnvironmentVariablesAsync(resource);
        context.WriteBindings(resource);
    }
}

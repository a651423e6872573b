namespace SutazAI.AppHost.Infrastructure;

/// <summary>The connection strings services reference, and the resources they must wait for.</summary>
public sealed record PlatformInfrastructure(
    InfrastructureMode Mode,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> Database,
    IResourceBuilder<IResource> PostgresServer,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResource> RedisServer,
    IResourceBuilder<IResourceWithConnectionString> RabbitMq,
    IResourceBuilder<IResource> RabbitMqServer);

public static class PlatformInfrastructureExtensions
{
    public static PlatformInfrastructure AddInfrastructure(this IDistributedApplicationBuilder builder)
    {
        // A published manifest describes a deployment: containers, with generated credentials, never this machine's daemons.
        var mode = builder.ExecutionContext.IsPublishMode ? InfrastructureMode.Containers : InfrastructureModeDetector.Resolve(builder.Configuration["Infra"]);
        return mode == InfrastructureMode.Containers ? AddContainers(builder) : AddLocalDaemons(builder);
    }

    /// <summary>
    /// PostgreSQL settings of the platform's own, local or in a container. The autovacuum launcher looks at each database
    /// every 10 s instead of every minute: the outbox's rows are deleted as fast as they are written, a few hundred a
    /// second under load, and a minute's dead rows made the relay's claims slower until the next vacuum.
    /// </summary>
    internal static readonly string[] PostgresSettings = ["-c", "autovacuum_naptime=10s"];

    /// <summary>References the chosen connections and waits until their servers answer.</summary>
    public static IResourceBuilder<ServiceProgramResource> WithInfrastructure(
        this IResourceBuilder<ServiceProgramResource> project,
        PlatformInfrastructure infrastructure,
        string? database = null,
        bool redis = false,
        bool rabbitmq = false)
    {
        if (database is not null)
        {
            project.WithReference(infrastructure.Database(database)).WaitFor(infrastructure.PostgresServer);
        }

        if (redis)
        {
            project.WithReference(infrastructure.Redis).WaitFor(infrastructure.RedisServer);
        }

        if (rabbitmq)
        {
            project.WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMqServer);
        }

        return project;
    }

    private static PlatformInfrastructure AddContainers(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres").WithDataVolume("sutazai-postgres").WithArgs(PostgresSettings);
        var databases = new Dictionary<string, IResourceBuilder<IResourceWithConnectionString>>();
        var redis = builder.AddRedis("redis");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq").WithDataVolume("sutazai-rabbitmq");
        return new PlatformInfrastructure(
            InfrastructureMode.Containers,
            name => databases.TryGetValue(name, out var existing) ? existing : databases[name] = postgres.AddDatabase(name),
            Wrap(postgres),
            redis, Wrap(redis),
            rabbitmq, Wrap(rabbitmq));
    }

    private static PlatformInfrastructure AddLocalDaemons(IDistributedApplicationBuilder builder)
    {
        var dataRoot = DataRoot(builder);
        var (postgres, postgresBase) = LocalDaemons.AddPostgres(builder, dataRoot);
        var (redis, redisConnection) = LocalDaemons.AddRedis(builder, dataRoot);
        var (rabbitmq, rabbitConnection) = LocalDaemons.AddRabbitMq(builder, dataRoot);

        // Each service's database is created by its own EF Core migrations on first start. Each service's pool is
        // bounded (Postgres:PoolSizePerService): a burst of requests otherwise opened Npgsql's default of 100
        // connections, each a PostgreSQL backend of ~2 MB contending for the same two cores, kept for minutes after.
        var databases = new Dictionary<string, IResourceBuilder<IResourceWithConnectionString>>();
        var pool = builder.Configuration["Postgres:PoolSizePerService"] is { Length: > 0 } size ? $";Maximum Pool Size={size}" : "";
        IResourceBuilder<IResourceWithConnectionString> Database(string name) =>
            databases.TryGetValue(name, out var existing)
                ? existing
                : databases[name] = builder.AddConnectionString(name, ReferenceExpression.Create($"{postgresBase};Database={name}{pool}"));
        var redisString = builder.AddConnectionString("redis", redisConnection);
        var rabbitString = builder.AddConnectionString("rabbitmq", rabbitConnection);
        return new PlatformInfrastructure(
            InfrastructureMode.Local,
            Database,
            Wrap(postgres),
            redisString, Wrap(redis),
            rabbitString, Wrap(rabbitmq));
    }

    /// <summary>The run's data folder: <c>Infra:DataPath</c>, or <c>.data/dev</c> at the repository root (git-ignored).</summary>
    internal static string DataRoot(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["Infra:DataPath"];
        var root = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(builder.AppHostDirectory, "..", ".data", "dev")
            : configured);
        Directory.CreateDirectory(root);
        if (!OperatingSystem.IsWindows())
        {
            // The postgres user must be able to reach its data folder inside.
            File.SetUnixFileMode(root, (UnixFileMode)Convert.ToInt32("755", 8));
        }
        return root;
    }

    private static IResourceBuilder<IResource> Wrap<T>(IResourceBuilder<T> resource) where T : IResource =>
        resource.ApplicationBuilder.CreateResourceBuilder<IResource>(resource.Resource);
}

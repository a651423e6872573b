using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace SutazAI.AppHost.Infrastructure;

/// <summary>
/// Debian's PostgreSQL, Redis and RabbitMQ run by the AppHost as executable resources, each on a free
/// loopback port with its data under the run's data folder and a generated password.
/// </summary>
public static class LocalDaemons
{
    private const string PostgresUser = "postgres";

    public static (IResourceBuilder<ExecutableResource> Server, ReferenceExpression ConnectionBase) AddPostgres(
        IDistributedApplicationBuilder builder, string dataRoot)
    {
        var bin = PostgresBinDirectory();
        var dataDir = Path.Combine(dataRoot, "postgres");
        var password = LocalSecrets.GetOrCreate(dataRoot, "postgres-password");
        var port = FreePort.Next();
        var asRoot = Environment.UserName == "root";
        InitialisePostgres(bin, dataDir, password, asRoot);

        string[] serverArgs = [Path.Combine(bin, "postgres"), "-D", dataDir, "-p", $"{port}", "-k", dataDir,
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "shared_buffers=128MB",
            .. PlatformInfrastructureExtensions.PostgresSettings];
        var server = asRoot
            ? builder.AddExecutable("postgres", "setpriv", dataRoot, [.. DropToPostgres, .. serverArgs])
            : builder.AddExecutable("postgres", serverArgs[0], dataRoot, serverArgs[1..]);

        var passwordParameter = builder.AddParameter("postgres-password", password, secret: true);
        var connection = $"Host=127.0.0.1;Port={port};Username={PostgresUser}";
        var check = $"postgres-{port}-ready";
        builder.Services.AddHealthChecks().Add(new(check, _ => Probes.Postgres($"{connection};Password={password};Database=postgres;Timeout=3"), null, null));
        server.WithHealthCheck(check);
        return (server, ReferenceExpression.Create($"{connection};Password={passwordParameter}"));
    }

    public static (IResourceBuilder<ExecutableResource> Server, ReferenceExpression Connection) AddRedis(
        IDistributedApplicationBuilder builder, string dataRoot)
    {
        var dataDir = LocalSecrets.PrivateDirectory(Path.Combine(dataRoot, "redis"));
        var password = LocalSecrets.GetOrCreate(dataRoot, "redis-password");
        var port = FreePort.Next();
        // The password lives in a config file, not on the command line where ps would show it.
        var config = Path.Combine(dataDir, "redis.conf");
        LocalSecrets.WritePrivate(config, $"""
            port {port}
            bind 127.0.0.1
            protected-mode yes
            save ""
            appendonly no
            dir {dataDir}
            requirepass {password}
            """);

        var server = builder.AddExecutable("redis-server", "redis-server", dataDir, config);
        var passwordParameter = builder.AddParameter("redis-password", password, secret: true);
        var check = $"redis-{port}-ready";
        builder.Services.AddHealthChecks().Add(new(check, _ => Probes.Redis(port, password), null, null));
        server.WithHealthCheck(check);
        return (server, ReferenceExpression.Create($"127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)},password={passwordParameter}"));
    }

    public static (IResourceBuilder<ExecutableResource> Server, ReferenceExpression Connection) AddRabbitMq(
        IDistributedApplicationBuilder builder, string dataRoot)
    {
        var dataDir = LocalSecrets.PrivateDirectory(Path.Combine(dataRoot, "rabbitmq"));
        var password = LocalSecrets.GetOrCreate(dataRoot, "rabbitmq-password");
        var port = FreePort.Next();
        var distributionPort = FreePort.Next();
        // One node name per data folder: the same folder keeps its queues across runs, another folder is another node.
        var nodeName = $"sutazai-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(dataRoot))))[..10].ToLowerInvariant()}@localhost";

        var pluginsFile = Path.Combine(dataDir, "enabled_plugins");
        File.WriteAllText(pluginsFile, "[].\n");
        var configFile = Path.Combine(dataDir, "rabbitmq.conf");
        // The default user stays named (never guest) in case a node seeds it; the definitions set every user's rights.
        var definitions = BusClientUsers.WriteDefinitions(builder.Configuration, dataRoot, dataDir, "sutazai", password);
        LocalSecrets.WritePrivate(configFile, $"""
            default_user = sutazai
            default_pass = {password}
            default_vhost = /
            loopback_users = none
            load_definitions = {definitions}
            """);

        // Erlang distribution: a 256-bit cookie of ours (not one Erlang made up on an earlier run), readable by its
        // owner only (Erlang insists on 400), and a listener on loopback only.
        var cookie = Path.Combine(dataDir, ".erlang.cookie");
        if (!File.Exists(cookie) || File.ReadAllText(cookie).Trim().Length != 64)
        {
            LocalSecrets.WritePrivate(cookie, LocalSecrets.NewSecret256());
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
        }

        // Broker:ErlangArgs adds flags for the Erlang VM (none by default; README, "Start-up", for the ones measured).
        const string loopbackDistribution = "-kernel inet_dist_use_interface {127,0,0,1}";
        var server = builder.AddExecutable("rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server", dataDir)
            .WithEnvironment("HOME", dataDir)
            .WithEnvironment("RABBITMQ_NODENAME", nodeName)
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", Invariant(port))
            .WithEnvironment("RABBITMQ_DIST_PORT", Invariant(distributionPort))
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(dataDir, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(dataDir, "log"))
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", pluginsFile)
            .WithEnvironment("RABBITMQ_CONFIG_FILE", configFile)
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", $"{loopbackDistribution} {builder.Configuration["Broker:ErlangArgs"]}".Trim())
            .WithEnvironment("RABBITMQ_CTL_ERL_ARGS", loopbackDistribution);

        var passwordParameter = builder.AddParameter("rabbitmq-password", password, secret: true);
        var check = $"rabbitmq-{port}-ready";
        builder.Services.AddHealthChecks().Add(new(check, _ => Probes.RabbitMq(port), null, null));
        server.WithHealthCheck(check);
        return (server, ReferenceExpression.Create($"amqp://sutazai:{passwordParameter}@127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/"));
    }

    private static readonly string[] DropToPostgres = ["--reuid=postgres", "--regid=postgres", "--clear-groups"];

    private static string PostgresBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var newest = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(dir => (Dir: dir, Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "bin", "postgres")))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault().Dir
            : null;
        return newest is null
            ? throw new InvalidOperationException("PostgreSQL is not installed; run ./run.sh, which installs it (apt-get install postgresql).")
            : Path.Combine(newest, "bin");
    }

    /// <summary>initdb once (about half a second) with password authentication.</summary>
    private static void InitialisePostgres(string bin, string dataDir, string password, bool asRoot)
    {
        if (File.Exists(Path.Combine(dataDir, "PG_VERSION")))
        {
            return;
        }

        Directory.CreateDirectory(dataDir);
        var passwordFile = Path.Combine(dataDir, "..", "postgres.pwfile");
        LocalSecrets.WritePrivate(passwordFile, password);
        try
        {
            if (asRoot)
            {
                Run("chown", $"-R {PostgresUser}:{PostgresUser} {Quote(dataDir)} {Quote(passwordFile)}");
            }

            var initdb = $"{Quote(Path.Combine(bin, "initdb"))} -D {Quote(dataDir)} -U {PostgresUser} --auth=scram-sha-256 --pwfile={Quote(passwordFile)} -E UTF8 --no-sync";
            if (asRoot)
            {
                Run("setpriv", $"{string.Join(' ', DropToPostgres)} {initdb}");
            }
            else
            {
                Run("sh", $"-c {Quote(initdb)}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Quote(string value) => $"'{value.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("sh", ["-c", $"{file} {arguments}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }
    }
}

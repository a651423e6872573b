using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SutazAI.Testing;

namespace SutazAI.Bench;

/// <summary>What one reference round trip cost: CPU of this process and PostgreSQL, and round trips per second.</summary>
internal sealed record ReferenceFigures(double CpuMs, double RoundTripsPerSecond);

/// <summary>
/// The regression guard's yardstick: the same kinds of work a task is made of (a JSON request over loopback HTTP to
/// Kestrel, a row written to the platform's PostgreSQL and its key read back, a JSON answer), served in this process
/// with its own fixed runtime settings. A machine with slow system calls, a slow network stack or a slow PostgreSQL
/// slows the platform and this alike, so the platform's cost divided by this one is a property of the platform, not of
/// the machine; a hash or a JSON loop alone is not (it varied 5.7x between two CI machines whose platform cost varied 1.4x).
/// </summary>
internal sealed class ReferenceLoad : IAsyncDisposable
{
    private const string Database = "guard_reference";
    private const int Warmup = 1500; // enough for tiered compilation to reach its optimised code

    private readonly PlatformHost _platform;
    private readonly NpgsqlDataSource _dataSource;
    private readonly WebApplication _server;
    private readonly HttpClient _client;

    private ReferenceLoad(PlatformHost platform, NpgsqlDataSource dataSource, WebApplication server)
    {
        _platform = platform;
        _dataSource = dataSource;
        _server = server;
        _client = new HttpClient { BaseAddress = new Uri(server.Urls.First()) };
    }

    /// <summary>Its database, its server in this process, and a warm-up, once; then it can be measured as often as needed.</summary>
    public static async Task<ReferenceLoad> StartAsync(PlatformHost platform, int clients)
    {
        var dataSource = await OpenDatabaseAsync(platform);
        var reference = new ReferenceLoad(platform, dataSource, await StartServerAsync(dataSource));
        await reference.RunAsync(Warmup, clients);
        return reference;
    }

    public async Task<ReferenceFigures> MeasureAsync(int roundTrips, int clients, Action<string> log)
    {
        var cpuBefore = await CpuAsync();
        var timer = Stopwatch.GetTimestamp();
        await RunAsync(roundTrips, clients);
        var seconds = Stopwatch.GetElapsedTime(timer).TotalSeconds;
        var cpuMs = (await CpuAsync() - cpuBefore).TotalMilliseconds / roundTrips;
        log($"reference: {roundTrips} round trips in {seconds:F2} s, {cpuMs:F3} ms CPU each (this process and PostgreSQL)");
        return new ReferenceFigures(cpuMs, roundTrips / seconds);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    /// <summary>A database of the reference's own on the platform's server, created on first use.</summary>
    private static async Task<NpgsqlDataSource> OpenDatabaseAsync(PlatformHost platform)
    {
        var server = new NpgsqlConnectionStringBuilder(await platform.GetConnectionStringAsync("knowledgedb")) { Database = "postgres" };
        await using (var admin = NpgsqlDataSource.Create(server.ConnectionString))
        {
            var exists = await admin.CreateCommand($"SELECT 1 FROM pg_database WHERE datname = '{Database}'").ExecuteScalarAsync() is not null;
            if (!exists)
            {
                await admin.CreateCommand($"CREATE DATABASE {Database}").ExecuteNonQueryAsync();
            }
        }

        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = Database }.ConnectionString);
        await dataSource.CreateCommand("CREATE TABLE IF NOT EXISTS round_trips (id uuid PRIMARY KEY, body jsonb NOT NULL, created timestamptz NOT NULL DEFAULT now())")
            .ExecuteNonQueryAsync();
        return dataSource;
    }

    private static async Task<WebApplication> StartServerAsync(NpgsqlDataSource dataSource)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(dataSource);
        var app = builder.Build();
        app.MapPost("/round-trips", async (ReferenceRequest request, NpgsqlDataSource db) =>
        {
            await using var insert = db.CreateCommand("INSERT INTO round_trips (id, body) VALUES ($1, $2::jsonb) RETURNING created");
            var id = Guid.CreateVersion7();
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            insert.Parameters.Add(new NpgsqlParameter { Value = System.Text.Json.JsonSerializer.Serialize(request) });
            var created = (DateTime)(await insert.ExecuteScalarAsync())!;
            return Results.Json(new ReferenceAnswer(id, request.Capability, created), statusCode: StatusCodes.Status201Created);
        });
        await app.StartAsync();
        return app;
    }

    private Task RunAsync(int roundTrips, int clients) =>
        LoadRun.ForEachAsync(roundTrips, clients, async index =>
        {
            using var response = await _client.PostAsJsonAsync("/round-trips", new ReferenceRequest("text.sentiment", new ReferenceInput($"I love this, it works great #{index}")));
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadFromJsonAsync<ReferenceAnswer>();
        });

    private async Task<TimeSpan> CpuAsync()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime + (await _platform.MeasureCpuAsync(["postgres"]))["postgres"];
    }

    internal sealed record ReferenceInput(string Text);

    internal sealed record ReferenceRequest(string Capability, ReferenceInput Input);

    internal sealed record ReferenceAnswer(Guid Id, string Capability, DateTime Created);
}

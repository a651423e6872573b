using System.Threading.Channels;
using SutazAI.Knowledge.Data;

namespace SutazAI.Knowledge.Indexing;

/// <summary>Builds the vector index from PostgreSQL when the service starts, and again whenever an admin asks.</summary>
public sealed partial class IndexBuilder(IServiceScopeFactory scopes, VectorIndex index, ILogger<IndexBuilder> logger) : BackgroundService
{
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for a rebuild; one already asked for and not started yet covers this one too.</summary>
    public void RequestRebuild() => _requests.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        RequestRebuild();
        await foreach (var _ in _requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                LogBuilding(logger);
                await using var scope = scopes.CreateAsyncScope();
                await index.RebuildAsync(scope.ServiceProvider.GetRequiredService<ChunkStore>().AllVectorsAsync(stoppingToken), stoppingToken);
                LogBuilt(logger, index.Count, index.Owners, index.LastBuildSeconds ?? 0);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may still be starting: try again shortly.
                LogFailed(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                RequestRebuild();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Building the vector index from PostgreSQL")]
    private static partial void LogBuilding(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vector index built: {Vectors} vectors of {Owners} owners in {Seconds} s")]
    private static partial void LogBuilt(ILogger logger, long vectors, int owners, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Building the vector index failed ({Reason}); trying again")]
    private static partial void LogFailed(ILogger logger, string reason);
}

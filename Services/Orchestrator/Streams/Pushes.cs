using System.Threading.Channels;

namespace SutazAI.Orchestrator.Streams;

/// <summary>Waiting for what Redis pushes to a stream, for at most a while.</summary>
public static class Pushes
{
    /// <summary>True when something was pushed, false when <paramref name="timeout"/> passed first.</summary>
    public static async Task<bool> WaitAsync<T>(ChannelReader<T> reader, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return reader.Count > 0;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            return await reader.WaitToReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

namespace SutazAI.Agents.Hosting.Execution;

/// <summary>A task's "started" event, sent at most once: by the delay, or before its first progress or output, whichever comes first.</summary>
internal sealed class StartReport(Func<Task> publish)
{
    private readonly Lazy<Task> _sent = new(publish, LazyThreadSafetyMode.ExecutionAndPublication);

    public Task SendAsync() => _sent.Value;

    /// <summary>Sends the report unless <paramref name="run"/> ends within <paramref name="delay"/>.</summary>
    public async Task SendIfStillRunningAsync(Task run, TimeSpan delay, TimeProvider clock)
    {
        if (delay <= TimeSpan.Zero)
        {
            await SendAsync();
            return;
        }

        using var finished = new CancellationTokenSource();
        var waited = Task.Delay(delay, clock, finished.Token);
        if (await Task.WhenAny(run, waited) == waited)
        {
            await SendAsync();
        }

        await finished.CancelAsync();
    }
}

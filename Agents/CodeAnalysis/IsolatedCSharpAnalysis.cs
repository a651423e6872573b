using Microsoft.Extensions.Logging;

namespace SutazAI.Agents.CodeAnalysis;

/// <summary>
/// The C# analysis with Roslyn in a <see cref="RoslynLoadContext"/>: loaded at the first call and unloaded once no
/// call has run for <see cref="UnloadAfterIdleSetting"/> (one minute by default). Roslyn's images, the runtime's type
/// data for them and the compilation's garbage stayed in an agent for good after its first compile (~50 MB of the
/// reviewer's PSS); unloaded, they go back, at the cost of loading again (a second or two) after an idle spell.
/// </summary>
public sealed partial class IsolatedCSharpAnalysis : ICSharpAnalysis, IDisposable
{
    public const string UnloadAfterIdleSetting = "CodeAnalysis:UnloadAfterIdle";

    public static readonly TimeSpan DefaultUnloadAfterIdle = TimeSpan.FromMinutes(1);

    // A collectible context is freed by the collections after its last reference goes; a few rounds are plenty.
    private const int CollectionRounds = 10;

    private readonly Lock _gate = new();
    private readonly TimeSpan _unloadAfterIdle;
    private readonly ILogger _logger;
    private readonly Timer _idle;
    private RoslynLoadContext? _context;
    private ICSharpAnalysis? _analysis;
    private int _running;

    public IsolatedCSharpAnalysis(TimeSpan unloadAfterIdle, ILogger<IsolatedCSharpAnalysis> logger)
    {
        _unloadAfterIdle = unloadAfterIdle > TimeSpan.Zero ? unloadAfterIdle : Timeout.InfiniteTimeSpan;
        _logger = logger;
        _idle = new Timer(_ => UnloadIfIdle());
    }

    /// <summary>How many times Roslyn was loaded; a weak reference to the last context (for tests).</summary>
    internal int Loads { get; private set; }

    internal WeakReference? LastContext { get; private set; }

    /// <summary>Whether Roslyn is loaded now.</summary>
    public bool IsLoaded
    {
        get
        {
            lock (_gate)
            {
                return _analysis is not null;
            }
        }
    }

    public CompileResult Compile(string code, CancellationToken cancellationToken = default) =>
        Run(analysis => analysis.Compile(code, cancellationToken));

    public ReviewReport Review(string code, CancellationToken cancellationToken = default) =>
        Run(analysis => analysis.Review(code, cancellationToken));

    public void Dispose()
    {
        _idle.Dispose();
        lock (_gate)
        {
            Unload();
        }
    }

    private T Run<T>(Func<ICSharpAnalysis, T> work)
    {
        ICSharpAnalysis analysis;
        lock (_gate)
        {
            analysis = _analysis ?? LoadRoslyn();
            _running++;
        }

        try
        {
            return work(analysis);
        }
        finally
        {
            lock (_gate)
            {
                if (--_running == 0)
                {
                    _idle.Change(_unloadAfterIdle, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }

    private ICSharpAnalysis LoadRoslyn()
    {
        _context = new RoslynLoadContext();
        LastContext = new WeakReference(_context, trackResurrection: true);
        _analysis = _context.CreateAnalysis();
        Loads++;
        LogLoaded(_logger, Loads);
        return _analysis;
    }

    private void UnloadIfIdle()
    {
        WeakReference? unloaded;
        lock (_gate)
        {
            if (_running > 0 || _context is null)
            {
                return;
            }

            unloaded = LastContext;
            Unload();
        }

        // Outside the lock: a call arriving now loads a fresh context and never waits for this one to go.
        var rounds = 0;
        while (unloaded is { IsAlive: true } && rounds++ < CollectionRounds)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        // The collections above count as activity to the idle trimmer, which would then wait another interval before
        // giving the freed heap back; so give it back now.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        LogUnloaded(_logger, _unloadAfterIdle.TotalSeconds, unloaded is not { IsAlive: true });
    }

    private void Unload()
    {
        _analysis = null;
        _context?.Unload();
        _context = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Roslyn loaded for C# analysis (load {Loads})")]
    private static partial void LogLoaded(ILogger logger, int loads);

    [LoggerMessage(Level = LogLevel.Information, Message = "Roslyn unloaded after {Seconds:F0} s without C# analysis (freed: {Freed})")]
    private static partial void LogUnloaded(ILogger logger, double seconds, bool freed);
}

namespace SutazAI.Orchestrator.Assignment;

/// <summary>
/// <c>Assignment:DefaultStrategy</c> and <c>Assignment:Strategies:&lt;capability&gt;</c>: which strategy picks the agent
/// for a capability (<see cref="AssignmentStrategies.Names"/>); an unknown name falls back to <c>score</c>.
/// </summary>
public sealed class AssignmentOptions
{
    public const string Section = "Assignment";
    public const string FallbackStrategy = "score";

    public string? DefaultStrategy { get; set; }

    public Dictionary<string, string> Strategies { get; set; } = new(StringComparer.Ordinal);

    public string StrategyFor(string capability)
    {
        var configured = Strategies.GetValueOrDefault(capability) ?? DefaultStrategy;
        return configured is not null && AssignmentStrategies.Names.Contains(configured) ? configured : FallbackStrategy;
    }
}

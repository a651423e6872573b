using System.Globalization;

namespace SutazAI.Models.Llm;

/// <summary>Settings of the LLM door (configuration section <c>Llm</c>; the endpoint and model come from the AppHost).</summary>
public sealed class LlmOptions
{
    public const string Section = "Llm";

    /// <summary>Ollama's base URL; empty means no LLM is configured and LLM calls answer 503.</summary>
    public string Endpoint { get; set; } = "";

    public string DefaultModel { get; set; } = "llama3.2";

    /// <summary>Generations run at once; Ollama usually serves one at a time.</summary>
    public int Slots { get; set; } = 1;

    /// <summary>Tokens each requester may use per UTC day.</summary>
    public long DailyTokenBudget { get; set; } = 2_000_000;

    /// <summary>
    /// Per-person budget overrides, named as the platform names people: <c>Llm:Budgets:user:&lt;id&gt;=50000</c>. The
    /// colons would make sections of the name, so <see cref="ReadBudgets"/> reads every path below the section whole.
    /// </summary>
    public Dictionary<string, long> Budgets { get; set; } = [];

    /// <summary>How long one generation may take, headers and stream included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a cached response is kept.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the circuit stays open after Ollama failed repeatedly.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    public bool IsConfigured => Uri.TryCreate(Endpoint, UriKind.Absolute, out _);

    /// <summary>Every setting below <c>Llm:Budgets</c> by its whole relative path; a value that is no token count reads as -1 (refused at start).</summary>
    public static Dictionary<string, long> ReadBudgets(IConfigurationSection budgets) =>
        budgets.AsEnumerable(makePathsRelative: true)
            .Where(setting => setting.Value is not null)
            .ToDictionary(
                setting => setting.Key,
                setting => long.TryParse(setting.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var tokens) ? tokens : -1,
                StringComparer.Ordinal);

    public long BudgetFor(string requester) => Budgets.TryGetValue(requester, out var budget) ? budget : DailyTokenBudget;
}

using System.Collections.Frozen;

namespace SutazAI.Agents.Analyst.Text;

/// <summary>
/// English word valences from -3 (very negative) to +3 (very positive), negators and intensifiers, in the
/// spirit of VADER's lexicon (values chosen for this project).
/// </summary>
internal static class SentimentLexicon
{
    public static readonly FrozenDictionary<string, double> Valence = Build();

    public static readonly FrozenSet<string> Negators = new[]
    {
        "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "cannot", "without", "hardly",
        "barely", "scarcely", "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "can't", "couldn't",
        "won't", "wouldn't", "shouldn't", "haven't", "hasn't", "hadn't", "mustn't", "ain't", "isnt", "dont", "doesnt",
        "didnt", "cant", "wont", "wasnt", "arent", "couldnt", "wouldnt", "shouldnt",
    }.ToFrozenSet();

    /// <summary>Multipliers applied to the next sentiment word.</summary>
    public static readonly FrozenDictionary<string, double> Intensifiers = new Dictionary<string, double>
    {
        ["very"] = 1.3,
        ["really"] = 1.3,
        ["extremely"] = 1.5,
        ["incredibly"] = 1.5,
        ["absolutely"] = 1.5,
        ["totally"] = 1.4,
        ["completely"] = 1.4,
        ["highly"] = 1.3,
        ["so"] = 1.3,
        ["super"] = 1.4,
        ["truly"] = 1.3,
        ["utterly"] = 1.5,
        ["deeply"] = 1.3,
        ["especially"] = 1.2,
        ["particularly"] = 1.2,
        ["most"] = 1.3,
        ["too"] = 1.2,
        ["exceptionally"] = 1.5,
        ["remarkably"] = 1.4,
        ["quite"] = 1.1,
        ["slightly"] = 0.5,
        ["somewhat"] = 0.6,
        ["marginally"] = 0.5,
        ["little"] = 0.6,
        ["partly"] = 0.6,
        ["kinda"] = 0.6,
        ["sort"] = 0.7,
        ["fairly"] = 0.8,
        ["rather"] = 0.8,
    }.ToFrozenDictionary();

    private static FrozenDictionary<string, double> Build()
    {
        var words = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(double valence, string list)
        {
            foreach (var word in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                words[word] = valence;
            }
        }

        Add(3.0, "love loved loves adore adored excellent outstanding superb amazing awesome fantastic wonderful brilliant perfect perfectly magnificent exceptional phenomenal marvelous marvellous spectacular delightful thrilled ecstatic masterpiece flawless best");
        Add(2.5, "great happy glad joy joyful delighted beautiful impressive pleased enjoy enjoyed enjoying enjoys recommend recommended incredible lovely remarkable terrific fabulous superior");
        Add(2.0, "good nice like liked likes fine fun pleasant helpful useful easy effective efficient reliable smooth fast friendly comfortable satisfied satisfying success successful win wins won works working worked solid clean elegant intuitive happier better positive thanks thank grateful praise appreciate appreciated impressive convenient valuable exciting excited favorite favourite stable");
        Add(1.5, "ok okay decent fair interesting cool calm safe improved improvement improve clear quick affordable accurate correct support supported hope hopeful polite kind recommendable");
        Add(-1.5, "slow confusing confused difficult hard expensive weird odd unclear complicated boring bored mediocre lacking lack lacks missing issue issues problem problems bug bugs glitch annoying annoyed tired unstable noisy late delay delayed");
        Add(-2.0, "bad poor wrong sad unhappy dislike disliked fail fails failed failing failure broken break breaks crash crashes crashed error errors slowly ugly worse negative disappointed disappointing disappointment frustrating frustrated angry upset useless unreliable inaccurate painful hate rude unfortunately regret complaint complain waste wasted");
        Add(-2.5, "terrible awful horrible dreadful pathetic disaster disgusting nasty hated hates garbage junk lousy inferior furious outrageous unacceptable");
        Add(-3.0, "worst abysmal atrocious appalling horrendous catastrophic disgusted despise loathe nightmare unusable");
        return words.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

using SutazAI.Agents.Analyst.Text;
using SutazAI.Agents.Hosting.Skills;

namespace SutazAI.Agents.Analyst.Skills;

/// <summary>Lexicon-based sentiment with negation, intensifiers and contrast ("but").</summary>
internal sealed class SentimentSkill : Skill<SentimentSkill.Input, SentimentSkill.Output>
{
    private const int NegationScope = 3;
    private const double NegationFactor = -0.74;
    private const double NeutralBand = 0.05;
    // Normalisation constant: score = sum / sqrt(sum² + alpha) maps any sum into (-1, 1).
    private const double Alpha = 15;

    public sealed record Input(string Text);

    public sealed record Output(string Label, double Score);

    public override string Capability => "text.sentiment";

    public override string Description => "Decides whether a text's mood or opinion is positive, negative or neutral, with a score from -1 to 1.";

    public override IReadOnlyList<string> Examples =>
    [
        "is this review positive or negative",
        "how does the writer feel about the product",
        "what is the mood of this comment",
        "rate the tone of this feedback",
        "was the writer happy or angry",
    ];

    protected override string InputSchemaJson => """
        {"type":"object","required":["text"],"additionalProperties":false,
         "properties":{"text":{"type":"string","minLength":1,"maxLength":100000}}}
        """;

    protected override Task<Output> ExecuteAsync(Input input, SkillContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Analyse(input.Text));

    public static Output Analyse(string text)
    {
        var sum = 0.0;
        foreach (var sentence in Tokenizer.Sentences(text))
        {
            sum += ScoreSentence(sentence);
        }

        var score = sum / Math.Sqrt((sum * sum) + Alpha);
        score = Math.Round(Math.Clamp(score, -1, 1), 4);
        var label = score > NeutralBand ? "positive" : score < -NeutralBand ? "negative" : "neutral";
        return new Output(label, score);
    }

    private static double ScoreSentence(string sentence)
    {
        var words = Tokenizer.Words(sentence);
        var butIndex = words.FindIndex(w => w is "but" or "however" or "although" or "though");
        var total = 0.0;
        for (var i = 0; i < words.Count; i++)
        {
            if (!SentimentLexicon.Valence.TryGetValue(words[i], out var valence))
            {
                continue;
            }

            // Intensifier right before ("very good"), possibly with one word between ("really not good" is handled by negation).
            if (i > 0 && SentimentLexicon.Intensifiers.TryGetValue(words[i - 1], out var boost))
            {
                valence *= boost;
            }

            for (var back = 1; back <= NegationScope && i - back >= 0; back++)
            {
                if (SentimentLexicon.Negators.Contains(words[i - back]))
                {
                    valence *= NegationFactor;
                    break;
                }
            }

            // Contrast: what follows "but" outweighs what precedes it.
            if (butIndex >= 0)
            {
                valence *= i < butIndex ? 0.5 : 1.5;
            }

            total += valence;
        }

        var exclamations = Math.Min(sentence.Count(c => c == '!'), 3);
        if (total != 0 && exclamations > 0)
        {
            total += Math.Sign(total) * exclamations * 0.3;
        }

        return total;
    }
}

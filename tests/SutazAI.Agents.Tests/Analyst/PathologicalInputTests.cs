using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SutazAI.Agents.Analyst.Skills;
using SutazAI.Agents.Hosting.Skills;

namespace SutazAI.Agents.Tests.Analyst;

/// <summary>
/// The worst inputs the analyst skills' schemas let through: each finishes far inside the agent's skill timeout
/// (a bound that holds on a much slower machine; they used to take minutes or gigabytes) with a bounded answer,
/// and a cancelled run stops.
/// </summary>
public sealed class PathologicalInputTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static TheoryData<string, string> WorstInputs() => new()
    {
        // Every "Xy" opens a sentence, so each used to rescan the whole text (and copy it) to decide if it is a name.
        { "text.entities", Repeat("Xy. ", 100_000) },
        { "text.entities", Repeat("Ab Cd ", 100_000) },
        { "text.entities", Repeat("1 ", 100_000) },
        // Tens of thousands of sentences used to mean an n-by-n matrix of several GB.
        { "text.summary", Repeat("A short line.\n", 200_000) },
        { "text.summary", DistinctSentences(200_000) },
        { "text.summary", string.Join(' ', Enumerable.Range(0, 40_000).Select(i => $"w{i}")) },
        { "text.keywords", Repeat("word ", 100_000) },
        { "text.keywords", string.Join(' ', Enumerable.Range(0, 15_000).Select(i => $"w{i}")) },
        { "text.keywords", Repeat("a-b ", 100_000) },
        { "text.sentiment", Repeat("not very good but ", 100_000) },
        { "text.language", Repeat("ßç ", 100_000) },
    };

    [Theory]
    [MemberData(nameof(WorstInputs))]
    public async Task The_worst_input_the_schema_allows_is_answered_well_inside_the_timeout(string capability, string text)
    {
        var skill = Skill(capability);
        var watch = Stopwatch.StartNew();
        var output = await skill.ExecuteAsync(Context(text), CancellationToken.None);
        watch.Stop();

        Assert.True(watch.Elapsed < Bound, $"{capability} on {text.Length:N0} characters took {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(output.GetRawText().Length < 2_000_000, $"{capability} answered {output.GetRawText().Length:N0} characters");
    }

    [Fact]
    public async Task Entities_stop_at_their_cap()
    {
        var output = await Skill("text.entities").ExecuteAsync(Context(Repeat("Paris, ", 100_000)), CancellationToken.None);
        Assert.Equal(EntitiesSkill.MaxEntities, output.GetProperty("entities").GetArrayLength());
    }

    [Fact]
    public void A_long_text_is_summarised_over_sentences_from_all_of_it()
    {
        var sentences = Enumerable.Range(0, 30_000).Select(i => $"Sentence {i}.").ToList();
        var spread = SummarySkill.Spread(sentences, SummarySkill.MaxRankedSentences);
        Assert.Equal(SummarySkill.MaxRankedSentences, spread.Count);
        Assert.Equal("Sentence 0.", spread[0]);
        Assert.StartsWith("Sentence 29", spread[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text.summary")]
    [InlineData("text.entities")]
    public async Task A_cancelled_run_stops(string capability)
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Skill(capability).ExecuteAsync(Context(DistinctSentences(50_000)), cancelled.Token));
    }

    private static ISkill Skill(string capability) => capability switch
    {
        "text.entities" => new EntitiesSkill(),
        "text.summary" => new SummarySkill(),
        "text.keywords" => new KeywordsSkill(),
        "text.sentiment" => new SentimentSkill(),
        "text.language" => new LanguageSkill(),
        _ => throw new ArgumentOutOfRangeException(nameof(capability)),
    };

    private static SkillContext Context(string text) =>
        new(Guid.NewGuid(), JsonSerializer.SerializeToElement(new { text }), (_, _) => Task.CompletedTask);

    private static string Repeat(string piece, int length)
    {
        var text = new StringBuilder(length + piece.Length);
        while (text.Length + piece.Length <= length)
        {
            text.Append(piece);
        }

        return text.ToString();
    }

    private static string DistinctSentences(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; text.Length < length - 40; i++)
        {
            text.Append($"Agents share word{i % 97} and topic{i % 13} today. ");
        }

        return text.ToString();
    }
}

using SutazAI.Knowledge.Chunking;
using SutazAI.Knowledge.Data;
using SutazAI.Knowledge.Search;

namespace SutazAI.Knowledge.Tests;

public sealed class ChunkingTests
{
    private static string Sentences(int count, string topic) =>
        string.Join(" ", Enumerable.Range(1, count).Select(i => $"Sentence {i} is about {topic} and says a little more each time."));

    [Fact]
    public void Long_sections_are_cut_into_passages_within_the_size_limit_that_never_span_two_sections()
    {
        var sections = new List<ExtractedSection>
        {
            new("Otters", string.Join("\n\n", Enumerable.Range(0, 6).Select(_ => Sentences(6, "otters")))),
            new("Badgers", Sentences(3, "badgers")),
        };

        var chunks = Chunker.Split(sections);

        Assert.True(chunks.Count >= 4, $"{chunks.Count} passage(s)");
        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 1, Chunker.MaxCharacters));
        Assert.All(chunks.Where(c => c.Position == "Otters"), c => Assert.DoesNotContain("badgers", c.Text, StringComparison.Ordinal));
        Assert.Single(chunks, c => c.Position == "Badgers");
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Ordinal));
    }

    [Fact]
    public void A_passage_cut_inside_a_long_paragraph_begins_with_the_previous_ones_last_sentence()
    {
        var chunks = Chunker.Split([new ExtractedSection("", Sentences(40, "rivers"))]);

        Assert.True(chunks.Count >= 2);
        var last = Chunker.Sentence().Matches(chunks[0].Text)[^1].Value.Trim();
        Assert.StartsWith(last, chunks[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endless_sentence_is_cut_between_words()
    {
        var chunks = Chunker.Split([new ExtractedSection("", string.Join(" ", Enumerable.Repeat("word", 1000)))]);

        Assert.True(chunks.Count >= 5);
        Assert.All(chunks, c => Assert.DoesNotContain("wor ", c.Text + " ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_snippet_is_escaped_and_only_the_matched_words_become_marks()
    {
        var html = HybridSearch.Highlight($"<b>&</b> {ChunkStore.MarkStart}otters{ChunkStore.MarkEnd} swim");

        Assert.Equal("&lt;b&gt;&amp;&lt;/b&gt; <mark>otters</mark> swim", html);
    }
}

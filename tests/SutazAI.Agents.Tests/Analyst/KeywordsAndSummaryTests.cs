using SutazAI.Agents.Analyst.Skills;
using SutazAI.Agents.Analyst.Text;

namespace SutazAI.Agents.Tests.Analyst;

public class KeywordsAndSummaryTests
{
    private const string Article =
        "Message queues decouple services. RabbitMQ is a popular message broker. " +
        "A message broker stores messages until consumers process them. " +
        "Priority queues let urgent messages overtake others in the message broker. " +
        "Yesterday it rained in the city.";

    [Fact]
    public void Keywords_rank_multi_word_phrases_of_frequent_words_first()
    {
        var keywords = KeywordsSkill.Extract(Article, 5);
        Assert.Equal(5, keywords.Count);
        Assert.Contains(keywords, k => k.Term.Contains("message broker", StringComparison.Ordinal));
        Assert.DoesNotContain(keywords, k => k.Term.Contains("rained", StringComparison.Ordinal));
        Assert.DoesNotContain(keywords, k => Stopwords.English.Contains(k.Term));
        Assert.True(keywords.Zip(keywords.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score));
    }

    [Fact]
    public void Keywords_respect_top() =>
        Assert.Equal(2, KeywordsSkill.Extract(Article, 2).Count);

    [Fact]
    public void Summary_keeps_central_sentences_in_order_and_drops_the_outlier()
    {
        var sentences = Tokenizer.Sentences(Article);
        Assert.Equal(5, sentences.Count);

        var summary = SummarySkill.Summarize(sentences, 2);
        Assert.Equal(2, summary.Count);
        Assert.DoesNotContain("Yesterday it rained in the city.", summary);
        Assert.True(sentences.IndexOf(summary[0]) < sentences.IndexOf(summary[1]));
    }

    [Fact]
    public void Summary_of_a_short_text_is_the_text() =>
        Assert.Equal(["One sentence only."], SummarySkill.Summarize(["One sentence only."], 3));

    [Fact]
    public void Sentences_split_at_terminators_but_not_abbreviations() =>
        Assert.Equal(
            ["Dr. Smith arrived at 3.30 p.m. today!", "Was it late?", "No."],
            Tokenizer.Sentences("Dr. Smith arrived at 3.30 p.m. today! Was it late? No."));
}

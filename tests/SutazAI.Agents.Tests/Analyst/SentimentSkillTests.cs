using SutazAI.Agents.Analyst.Skills;

namespace SutazAI.Agents.Tests.Analyst;

public class SentimentSkillTests
{
    [Theory]
    [InlineData("I love this, it works great", "positive")]
    [InlineData("An excellent, reliable tool. Highly recommended!", "positive")]
    [InlineData("This is terrible. It crashes all the time and support is useless.", "negative")]
    [InlineData("The worst purchase I have ever made.", "negative")]
    [InlineData("The box is on the table next to the window.", "neutral")]
    [InlineData("The meeting starts at ten and ends at noon.", "neutral")]
    public void Labels_clear_cases(string text, string expected) =>
        Assert.Equal(expected, SentimentSkill.Analyse(text).Label);

    [Theory]
    [InlineData("This is not good.", "negative")]
    [InlineData("It isn't bad at all.", "positive")]
    [InlineData("I don't like it.", "negative")]
    [InlineData("Never disappointed by this team.", "positive")]
    public void Negation_flips_the_polarity(string text, string expected) =>
        Assert.Equal(expected, SentimentSkill.Analyse(text).Label);

    [Fact]
    public void Intensifiers_strengthen_and_dampeners_weaken()
    {
        var plain = SentimentSkill.Analyse("The service was good.").Score;
        var strong = SentimentSkill.Analyse("The service was extremely good.").Score;
        var weak = SentimentSkill.Analyse("The service was slightly good.").Score;
        Assert.True(strong > plain, $"{strong} > {plain}");
        Assert.True(weak < plain, $"{weak} < {plain}");
        Assert.True(weak > 0);
    }

    [Fact]
    public void What_follows_but_outweighs_what_precedes_it()
    {
        Assert.Equal("positive", SentimentSkill.Analyse("The setup was annoying but the result is excellent.").Label);
        Assert.Equal("negative", SentimentSkill.Analyse("The design is nice but it is slow and it crashes.").Label);
    }

    [Fact]
    public void Score_stays_within_minus_one_and_one()
    {
        var text = string.Join(' ', Enumerable.Repeat("Amazing, wonderful, perfect!", 200));
        var result = SentimentSkill.Analyse(text);
        Assert.InRange(result.Score, -1, 1);
        Assert.True(result.Score > 0.9);
    }
}

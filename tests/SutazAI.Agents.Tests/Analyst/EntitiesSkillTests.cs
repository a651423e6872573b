using SutazAI.Agents.Analyst.Skills;

namespace SutazAI.Agents.Tests.Analyst;

public class EntitiesSkillTests
{
    private const string Text =
        "Alice Johnson met Bob at Acme Corporation on March 5, 2024. " +
        "Write to alice.johnson@example.com or see https://example.com/docs for details. " +
        "The invoice of $1,250.50 is due on 2024-04-01; it covers 3 licenses and 12.5% tax. " +
        "Bob paid 300 EUR on 15/03/2024.";

    private static IReadOnlyList<EntitiesSkill.Entity> Found => EntitiesSkill.Extract(Text);

    [Theory]
    [InlineData("email", "alice.johnson@example.com")]
    [InlineData("url", "https://example.com/docs")]
    [InlineData("money", "$1,250.50")]
    [InlineData("money", "300 EUR")]
    [InlineData("date", "March 5, 2024")]
    [InlineData("date", "2024-04-01")]
    [InlineData("date", "15/03/2024")]
    [InlineData("number", "3")]
    [InlineData("number", "12.5%")]
    [InlineData("name", "Alice Johnson")]
    [InlineData("name", "Acme Corporation")]
    [InlineData("name", "Bob")]
    public void Finds_each_entity_type(string type, string text) =>
        Assert.Contains(Found, e => e.Type == type && e.Text == text);

    [Fact]
    public void Offsets_point_at_the_entity_text()
    {
        foreach (var entity in Found)
        {
            Assert.Equal(entity.Text, Text[entity.Start..entity.End]);
        }
    }

    [Fact]
    public void A_span_has_one_type_only()
    {
        Assert.DoesNotContain(Found, e => e.Type == "number" && e.Text is "1,250.50" or "2024" or "300");
        Assert.DoesNotContain(Found, e => e.Type == "name" && e.Text is "March" or "The" or "Write");
    }
}

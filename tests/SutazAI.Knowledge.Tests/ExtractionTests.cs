using SutazAI.Knowledge.Extraction;

namespace SutazAI.Knowledge.Tests;

public sealed class ExtractionTests
{
    [Fact]
    public void A_title_straight_above_a_subheading_is_not_a_passage_of_its_own_but_opens_the_next_section()
    {
        var sections = MarkdownText.Extract("# Sea otters\n\n## Sleeping\nThey hold hands.\n\n## Eating\nThey use stones.\n");

        Assert.Equal(["Sea otters › Sleeping", "Sea otters › Eating"], sections.Select(s => s.Position));
        Assert.Equal("Sea otters\n\nSleeping\n\nThey hold hands.", sections[0].Text);
        Assert.StartsWith("Eating", sections[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_of_headings_alone_still_gives_its_words()
    {
        var sections = MarkdownText.Extract("# Contents\n## Chapter one\n");

        var only = Assert.Single(sections);
        Assert.Equal("Contents › Chapter one", only.Position);
        Assert.Contains("Chapter one", only.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_heading_inside_a_code_fence_is_code_not_a_section()
    {
        var sections = MarkdownText.Extract("# Shell\nRun this:\n```\n# not a heading\necho hi\n```\n");

        var only = Assert.Single(sections);
        Assert.Contains("# not a heading", only.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_drops_scripts_and_styles_and_takes_its_sections_from_headings()
    {
        var sections = HtmlText.Extract("""
            <html><head><style>p { color: red }</style></head><body>
            <h1>Guide</h1><script>alert('x')</script>
            <h2>Install</h2><p>Run the <b>installer</b>.</p><ul><li><p>Then restart.</p></li></ul>
            </body></html>
            """);

        var only = Assert.Single(sections);
        Assert.Equal("Guide › Install", only.Position);
        Assert.Contains("Run the installer.", only.Text, StringComparison.Ordinal);
        Assert.Contains("Then restart.", only.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", only.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("color", only.Text, StringComparison.Ordinal);
    }
}

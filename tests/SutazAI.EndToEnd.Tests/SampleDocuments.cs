using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// One document of each kind the knowledge service reads, written by the test: each on its own topic, with one
/// sentence a paraphrase should find by meaning and one made-up word only full-text search can find.
/// </summary>
public sealed record SampleDocument(string FileName, string ContentType, byte[] Content, string Paraphrase, string RareWord, string Position);

public static class SampleDocuments
{
    public static SampleDocument Text() => new("bees.txt", "text/plain", Utf8("""
        Keeping bees in a city garden

        Honeybees need a source of water close to the hive during the hot summer months, or they fly far to find one.
        A shallow dish with stones lets them drink without drowning.

        The colony was registered under the name zaphyrion with the local beekeepers' club.
        """), "where do bees get something to drink when the weather is warm", "zaphyrion", "");

    public static SampleDocument Markdown() => new("bread.md", "text/markdown", Utf8("""
        # Baking at home

        ## Sourdough

        Let the sourdough rise overnight in a cool kitchen, then bake it in a very hot oven with steam for a crisp crust.

        ## Notes

        The starter is called quillbrandt and lives in the fridge between bakes.
        """), "how long should fermented dough proof before it goes in the oven", "quillbrandt", "Baking at home › Sourdough");

    public static SampleDocument Html() => new("bicycle.html", "text/html", Utf8("""
        <!doctype html><html><head><title>Bicycle care</title><script>var ignored = "scripts are not text";</script></head>
        <body><h1>Bicycle care</h1><h2>Chain</h2>
        <p>Lubricate the bicycle chain every few hundred kilometres so that it does not rust or wear the gears.</p>
        <h2>Frame</h2><p>Our workshop stamps every serviced frame with the mark morvengale.</p></body></html>
        """), "how often should I oil my bike chain to stop corrosion", "morvengale", "Bicycle care › Chain");

    public static SampleDocument Pdf() => new("moons.pdf", "application/pdf", PdfOf(
        ["Moons of the outer planets", "Jupiter's largest moon, Ganymede, is bigger than the planet Mercury.", "It has its own magnetic field."],
        ["Observation log", "The telescope in the garden is nicknamed trellisquat by the family."]),
        "which satellite of the gas giant is larger than the smallest planet", "trellisquat", "page 1");

    public static SampleDocument Docx() => new("taxes.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", DocxOf(
        ("Heading1", "Taxes for freelancers"),
        ("Heading2", "Quarterly estimates"),
        (null, "Freelancers must submit their quarterly tax estimate before the fifteenth day of the month after each quarter ends."),
        ("Heading2", "Records"),
        (null, "Receipts are filed in the folder labelled vondrabec.")),
        "when do self-employed people have to pay estimated taxes each quarter", "vondrabec", "Taxes for freelancers › Quarterly estimates");

    public static IReadOnlyList<SampleDocument> All() => [Text(), Markdown(), Html(), Pdf(), Docx()];

    public static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    /// <summary>A PDF with one page per array of lines (PdfPig's writer, Helvetica).</summary>
    public static byte[] PdfOf(params string[][] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            var y = 780.0;
            foreach (var line in lines)
            {
                page.AddText(line, 11, new UglyToad.PdfPig.Core.PdfPoint(40, y), font);
                y -= 18;
            }
        }

        return builder.Build();
    }

    /// <summary>A .docx whose paragraphs have the given styles (<c>Heading1</c>, ...; null for body text).</summary>
    public static byte[] DocxOf(params (string? Style, string Text)[] paragraphs)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var body = new Body();
            foreach (var (style, text) in paragraphs)
            {
                var paragraph = new Paragraph();
                if (style is not null)
                {
                    paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
                }

                paragraph.Append(new Run(new Text(text)));
                body.Append(paragraph);
            }

            document.AddMainDocumentPart().Document = new Document(body);
        }

        return stream.ToArray();
    }
}

using System.Text;
using SutazAI.Knowledge.Data;

namespace SutazAI.Knowledge.Extraction;

/// <summary>
/// Builds sections from a stream of headings and paragraphs: each heading starts a section whose position is the
/// path of headings above it (<c>Install › Linux › Debian</c>).
/// </summary>
public sealed class HeadingPath
{
    public const string Separator = " › ";

    private readonly List<(int Level, string Title)> _headings = [];
    private readonly List<ExtractedSection> _sections = [];
    private readonly StringBuilder _text = new();
    private bool _hasBody;

    public void Heading(int level, string title)
    {
        title = TextExtractor.Normalise(title).Replace('\n', ' ');
        if (title.Length == 0)
        {
            return;
        }

        Flush(force: false);
        _headings.RemoveAll(h => h.Level >= level);
        _headings.Add((level, title.Length > 120 ? title[..120] : title));
        // The heading's words belong to its section, so a search for them finds it.
        _text.Append(title).Append("\n\n");
    }

    public void Paragraph(string text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            _text.Append(text.Trim()).Append("\n\n");
            _hasBody = true;
        }
    }

    public List<ExtractedSection> Sections()
    {
        Flush(force: true);
        return _sections;
    }

    /// <summary>
    /// Ends the section. One that holds only headings (a title straight above a subheading) is not a passage of its
    /// own: its titles go on into the next section's text.
    /// </summary>
    private void Flush(bool force)
    {
        if (!_hasBody && !force)
        {
            return;
        }

        _hasBody = false;
        var text = _text.ToString().Trim();
        if (text.Length > 0)
        {
            _sections.Add(new ExtractedSection(string.Join(Separator, _headings.Select(h => h.Title)), text));
        }

        _text.Clear();
    }
}

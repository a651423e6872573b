using System.Text;
using System.Text.RegularExpressions;
using SutazAI.Knowledge.Data;

namespace SutazAI.Knowledge.Chunking;

/// <summary>A passage cut from a document: its place in the document (section position and character offset) and its text.</summary>
public sealed record Chunk(int Ordinal, string Position, int StartOffset, string Text);

/// <summary>
/// Cuts sections into passages of about <see cref="TargetCharacters"/> that respect structure: a passage never spans
/// two sections (pages, headings), breaks between paragraphs where it can, between sentences inside a long paragraph,
/// and between words only inside an endless sentence. Each passage after the first of a section begins with the
/// previous one's last sentence (when short), so a thought cut in two is found from either side.
/// </summary>
public static partial class Chunker
{
    /// <summary>About 200 MiniLM tokens: the model reads 256, so nothing of a passage is cut off when it is embedded.</summary>
    public const int TargetCharacters = 800;
    public const int MaxCharacters = 1100;
    public const int MaxOverlapCharacters = 200;

    public static List<Chunk> Split(IReadOnlyList<ExtractedSection> sections)
    {
        var chunks = new List<Chunk>();
        var sectionOffset = 0;
        foreach (var section in sections)
        {
            var current = new StringBuilder();
            var currentStart = sectionOffset;
            string? lastSentence = null;
            foreach (var (unit, offset, startsParagraph) in Units(section.Text))
            {
                if (current.Length > 0 && current.Length + unit.Length + 1 > TargetCharacters)
                {
                    chunks.Add(new Chunk(chunks.Count, section.Position, currentStart, current.ToString()));
                    current.Clear();
                    currentStart = sectionOffset + offset;
                    if (lastSentence is { Length: <= MaxOverlapCharacters } && lastSentence.Length + unit.Length < MaxCharacters)
                    {
                        current.Append(lastSentence);
                        currentStart -= lastSentence.Length + 1;
                    }
                }

                if (current.Length > 0)
                {
                    current.Append(startsParagraph ? "\n\n" : " ");
                }

                current.Append(unit);
                lastSentence = LastSentence(unit);
            }

            if (current.Length > 0)
            {
                chunks.Add(new Chunk(chunks.Count, section.Position, Math.Max(currentStart, sectionOffset), current.ToString().Trim()));
            }

            sectionOffset += section.Text.Length + 2;
        }

        return chunks;
    }

    /// <summary>The pieces a section is cut between, with their offsets: paragraphs, else sentences, else runs of words.</summary>
    private static IEnumerable<(string Text, int Offset, bool StartsParagraph)> Units(string text)
    {
        var offset = 0;
        foreach (var paragraph in text.Split("\n\n"))
        {
            var start = offset;
            offset += paragraph.Length + 2;
            if (paragraph.Length <= TargetCharacters)
            {
                yield return (paragraph, start, true);
                continue;
            }

            var first = true;
            foreach (Match sentence in Sentence().Matches(paragraph))
            {
                if (sentence.Length <= MaxCharacters)
                {
                    yield return (sentence.Value.Trim(), start + sentence.Index, first);
                    first = false;
                    continue;
                }

                foreach (var (words, at) in Words(sentence.Value))
                {
                    yield return (words, start + sentence.Index + at, first);
                    first = false;
                }
            }
        }
    }

    private static IEnumerable<(string Text, int Offset)> Words(string sentence)
    {
        var start = 0;
        while (start < sentence.Length)
        {
            var end = Math.Min(sentence.Length, start + TargetCharacters);
            if (end < sentence.Length && sentence.LastIndexOf(' ', end - 1, end - start) is var space and > 0 && space > start)
            {
                end = space;
            }

            yield return (sentence[start..end].Trim(), start);
            start = end;
        }
    }

    private static string? LastSentence(string unit)
    {
        var sentences = Sentence().Matches(unit);
        return sentences.Count > 0 ? sentences[^1].Value.Trim() : null;
    }

    /// <summary>A sentence: up to and including . ! ? (or the end), then spaces.</summary>
    [GeneratedRegex(@"[^.!?]+(?:[.!?]+[""')\]]*|$)\s*")]
    public static partial Regex Sentence();
}

namespace SutazAI.Knowledge.Data;

/// <summary>
/// A run of a document's text under one position: a PDF page (<c>page 3</c>), a heading path
/// (<c>Install › Linux</c>), or empty for text without structure. Paragraphs are separated by blank lines.
/// </summary>
public sealed record ExtractedSection(string Position, string Text);

namespace SutazAI.Knowledge.Extraction;

/// <summary>A file of a kind the service reads that cannot be read; the upload is refused with 422 and this reason.</summary>
public sealed class UnreadableDocumentException(string reason, Exception? inner = null) : Exception(reason, inner);

using OllamaSharp.Models.Chat;

namespace SutazAI.Models.Llm;

/// <summary>How a chunk of an Ollama chat answer is read, whichever form the client gets it in.</summary>
public static class ChatChunks
{
    public static bool IsDone(object chunk) => ((ChatResponseStream)chunk).Done;

    public static string? TextOf(object chunk) => ((ChatResponseStream)chunk).Message?.Content;

    public static (long Prompt, long Completion) UsageOf(object chunk) =>
        chunk is ChatDoneResponseStream done ? (done.PromptEvalCount, done.EvalCount) : (0, 0);
}

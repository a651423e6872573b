namespace SutazAI.Agents.Chat.Sessions;

/// <summary>Settings of the chat agent (section <c>Chat</c>).</summary>
public sealed class ChatSettings
{
    /// <summary>At most this many earlier turns are sent as context.</summary>
    public int ContextTurns { get; set; } = 20;

    /// <summary>...and at most about this many tokens of them (4 characters a token), newest kept first.</summary>
    public int ContextTokens { get; set; } = 3000;

    public string DefaultSystemPrompt { get; set; } = "You are SutazAI's assistant. Answer clearly and concisely.";

    public static int EstimateTokens(string text) => Math.Max(1, text.Length / 4);
}

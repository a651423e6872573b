using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using SutazAI.Agents.Chat.Sessions;
using SutazAI.Agents.Hosting.Skills;

namespace SutazAI.Agents.Chat.Skills;

/// <summary>
/// One chat turn: loads the session's recent history as context, streams the LLM's reply into the task's
/// events as it is generated, then stores the question and the reply together.
/// </summary>
internal sealed class ChatMessageSkill(IChatClient llm, IServiceScopeFactory scopes, IOptions<ChatSettings> settings)
    : Skill<ChatMessageSkill.Input, ChatMessageSkill.Output>
{
    public sealed record Input(Guid? SessionId, string Message, string? System);

    public sealed record Output(Guid SessionId, string Reply, string? Model, long Tokens);

    public override string Capability => "chat.message";

    public override bool UsesLlm => true;

    public override string Description => "Chats with a local LLM in a conversation that remembers earlier messages.";

    public override IReadOnlyList<string> Examples =>
    [
        "let's talk about something",
        "tell me a joke",
        "can you explain how rainbows form",
        "help me write a polite reply to my landlord",
        "what do you think about this idea",
        "hello, how is it going",
        "good evening, nice to meet you",
        "give me gift ideas for a friend",
        "recommend something fun to do this weekend",
        "write a story about a dragon",
        "compose an email to invite colleagues to a meeting",
        "how can I get better at cooking",
        "any advice for sleeping better",
        "what should I make for dinner tonight",
    ];

    protected override string InputSchemaJson => """
        {"type":"object","required":["message"],"additionalProperties":false,
         "properties":{"sessionId":{"type":"string","format":"uuid"},
                       "message":{"type":"string","minLength":1,"maxLength":50000},
                       "system":{"type":"string","maxLength":20000}}}
        """;

    protected override async Task<Output> ExecuteAsync(Input input, SkillContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<SessionStore>();

        // A session is continued only by its owner; anyone else is told it does not exist.
        var owner = context.Owner ?? throw new SkillInputException("The task names no owner, so it has no chat session to talk in.");
        var session = input.SessionId is { } id
            ? await store.FindAsync(id, owner, cancellationToken) ?? throw new SkillInputException($"No chat session has the id '{id}'.")
            : await store.ForTaskAsync(context.TaskId, owner, input.System, cancellationToken);

        var history = await store.ContextAsync(session.Id, cancellationToken);
        List<ChatMessage> messages = [new(ChatRole.System, input.System ?? session.System ?? settings.Value.DefaultSystemPrompt)];
        messages.AddRange(history.Select(turn => new ChatMessage(turn.Role == "assistant" ? ChatRole.Assistant : ChatRole.User, turn.Content)));
        messages.Add(new ChatMessage(ChatRole.User, input.Message));
        await context.ReportProgressAsync(5, $"asking the LLM with {history.Count} earlier message(s) as context");

        var reply = new StringBuilder();
        string? model = null;
        long tokens = 0;
        await foreach (var update in llm.GetStreamingResponseAsync(messages, cancellationToken: cancellationToken))
        {
            model ??= update.ModelId;
            if (update.Text is { Length: > 0 } text)
            {
                reply.Append(text);
                await context.PublishOutputAsync(text);
            }

            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                tokens += usage.Details.TotalTokenCount ?? ((usage.Details.InputTokenCount ?? 0) + (usage.Details.OutputTokenCount ?? 0));
            }
        }

        var answer = reply.ToString();
        await store.AppendExchangeAsync(session.Id, context.TaskId, input.Message, answer, ChatSettings.EstimateTokens(answer), cancellationToken);
        return new Output(session.Id, answer, model, tokens);
    }
}

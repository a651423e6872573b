using System.Text;
using Microsoft.Extensions.AI;
using SutazAI.Agents.Hosting.Llm;
using SutazAI.Agents.Hosting.Skills;
using SutazAI.Agents.Researcher.Answering;
using SutazAI.Contracts.Knowledge;

namespace SutazAI.Agents.Researcher.Skills;

public sealed record AnswerInput(string Question, string? Collection, int? TopK);

/// <summary>
/// <c>knowledge.answer</c>: finds the asker's passages for the question (hybrid search), asks the LLM to answer only
/// from them and to cite them as [1], [2]; an answer that cites nothing, or a number that is not an excerpt, is sent
/// back once to be corrected. Without a usable LLM the answer is extractive: sentences quoted from the passages,
/// with the same citations and <c>usedLlm: false</c>.
/// </summary>
internal sealed class AnswerSkill(IChatClient llm, KnowledgeSearch knowledge) : Skill<AnswerInput, KnowledgeAnswer>
{
    public const string Name = "knowledge.answer";
    private const int DefaultExcerpts = 5;

    public const string Instructions = """
        You answer questions using only the numbered excerpts from the user's own documents.
        Cite the excerpt behind every statement with its number in square brackets, like [1] or [2][3].
        The documents are the authority: when they say something that differs from what is commonly believed, answer
        as the documents say. Do not add knowledge that is not in the excerpts. If the excerpts do not answer the
        question, say that the documents do not say.
        """;

    public override string Capability => Name;

    public override string Description => "Answer a question from my own documents, citing the passages the answer comes from: what do my documents say about something.";

    public override IReadOnlyList<string> Examples =>
    [
        "what do my documents say about the refund policy",
        "search my notes for the meeting decision",
        "according to my files, when is the deadline",
        "find in my uploaded manuals how to reset the device",
        "what does the contract I uploaded say about termination",
        "what does my insurance policy say about water damage",
        "check my notes for the names of the servers",
        "in the files I gave you, what is the budget for next year",
        "look it up in my documents: who signed the agreement",
        "does anything in my uploaded reports mention the supplier",
    ];

    public override bool UsesLlm => true;

    protected override string InputSchemaJson => """
        {
          "type": "object",
          "properties": {
            "question": { "type": "string", "minLength": 1, "maxLength": 2000, "description": "What to find out from your documents." },
            "collection": { "type": "string", "minLength": 1, "maxLength": 64, "description": "Only this collection's documents." },
            "topK": { "type": "integer", "minimum": 1, "maximum": 20, "description": "How many passages to read (5 when left out)." }
          },
          "required": ["question"],
          "additionalProperties": false
        }
        """;

    protected override async Task<KnowledgeAnswer> ExecuteAsync(AnswerInput input, SkillContext context, CancellationToken cancellationToken)
    {
        var owner = context.Owner ?? throw new SkillInputException("The task names no owner, so there are no documents to answer from.");
        await context.ReportProgressAsync(5, "searching your documents");
        var found = await knowledge.SearchAsync(owner, new SearchRequest(input.Question, input.Collection, TopK: input.TopK ?? DefaultExcerpts), cancellationToken);
        var excerpts = found.Hits;
        if (excerpts.Count == 0)
        {
            return new KnowledgeAnswer("None of your documents has a passage about this.", [], UsedLlm: false, Note: "No passage matched the question.");
        }

        await context.ReportProgressAsync(30, $"{excerpts.Count} passage(s) found; asking the LLM to answer from them");
        string? note;
        try
        {
            var (answer, problem) = await AskAsync(input.Question, excerpts, context, cancellationToken);
            if (problem is null)
            {
                return new KnowledgeAnswer(answer, Citations(answer, excerpts), UsedLlm: true);
            }

            note = $"The LLM's answer was set aside because {problem}; this answer quotes the passages instead.";
        }
        catch (Exception ex) when (LlmFailures.Classify(ex) is { } failure)
        {
            note = $"No LLM answered ({failure.Detail}); this answer quotes the passages instead.";
        }

        var (quoted, cited) = ExtractiveAnswer.From(input.Question, excerpts);
        return new KnowledgeAnswer(quoted, [.. cited.Select(n => Citation(n, excerpts[n - 1]))], UsedLlm: false, Note: note);
    }

    /// <summary>The LLM's answer and, when it still cites wrongly after one correction, what is wrong with it.</summary>
    private async Task<(string Answer, string? Problem)> AskAsync(string question, IReadOnlyList<SearchHit> excerpts, SkillContext context, CancellationToken cancellationToken)
    {
        List<ChatMessage> messages = [new(ChatRole.System, Instructions), new(ChatRole.User, Prompt(question, excerpts))];
        var answer = await CompleteAsync(messages, context, cancellationToken);
        if (CitationCheck.Problem(answer, excerpts.Count) is not { } problem)
        {
            return (answer, null);
        }

        await context.ReportProgressAsync(70, $"the answer needs correcting: {problem}");
        messages.Add(new ChatMessage(ChatRole.Assistant, answer));
        messages.Add(new ChatMessage(ChatRole.User,
            $"That answer cannot be checked: {problem}. Answer again from the excerpts only, citing them as [1] to [{excerpts.Count}]."));
        answer = await CompleteAsync(messages, context, cancellationToken);
        return (answer, CitationCheck.Problem(answer, excerpts.Count));
    }

    private async Task<string> CompleteAsync(List<ChatMessage> messages, SkillContext context, CancellationToken cancellationToken)
    {
        var reply = new StringBuilder();
        await foreach (var update in llm.GetStreamingResponseAsync(messages, cancellationToken: cancellationToken))
        {
            if (update.Text is { Length: > 0 } text)
            {
                reply.Append(text);
                await context.PublishOutputAsync(text);
            }
        }

        return reply.ToString().Trim();
    }

    /// <summary>The question with the excerpts numbered from 1, each with its document and place in it.</summary>
    public static string Prompt(string question, IReadOnlyList<SearchHit> excerpts)
    {
        var prompt = new StringBuilder("Excerpts from my documents:\n\n");
        for (var i = 0; i < excerpts.Count; i++)
        {
            var hit = excerpts[i];
            prompt.Append('[').Append(i + 1).Append("] ").Append(hit.DocumentName);
            if (hit.Position.Length > 0)
            {
                prompt.Append(", ").Append(hit.Position);
            }

            prompt.Append('\n').Append(hit.Text).Append("\n\n");
        }

        return prompt.Append("Question: ").Append(question).ToString();
    }

    private static List<Citation> Citations(string answer, IReadOnlyList<SearchHit> excerpts) =>
        [.. CitationCheck.Cited(answer).Order().Select(n => Citation(n, excerpts[n - 1]))];

    private static Citation Citation(int n, SearchHit hit) => new(n, hit.DocumentId, hit.DocumentName, hit.Position, hit.Snippet, hit.ChunkId);
}

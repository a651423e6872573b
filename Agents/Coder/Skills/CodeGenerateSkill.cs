using System.Text;
using Microsoft.Extensions.AI;
using SutazAI.Agents.CodeAnalysis;
using SutazAI.Agents.Hosting.Skills;

namespace SutazAI.Agents.Coder.Skills;

/// <summary>
/// Asks the LLM for code. C# is compiled with Roslyn; on errors the diagnostics go back to the LLM for up to
/// <see cref="MaxRepairRounds"/> repair rounds. Other languages are returned as written (not compiled).
/// </summary>
internal sealed class CodeGenerateSkill(IChatClient llm, ICSharpAnalysis analysis) : Skill<CodeGenerateSkill.Input, CodeGenerateSkill.Output>
{
    public const int MaxRepairRounds = 3;

    public sealed record Input(string Language, string Instruction, string? Context);

    /// <param name="Code">The final code.</param>
    /// <param name="Language">The language, normalised (<c>csharp</c> for C#).</param>
    /// <param name="Compiled">Whether the C# compiles; null for languages that are not compiled here.</param>
    /// <param name="Diagnostics">Compiler errors and warnings of the final code.</param>
    /// <param name="Rounds">Repair rounds used (0 when the first answer compiled).</param>
    public sealed record Output(string Code, string Language, bool? Compiled, IReadOnlyList<CodeDiagnostic> Diagnostics, int Rounds);

    public override string Capability => "code.generate";

    public override bool UsesLlm => true;

    public override string Description => "Writes source code from an instruction; C# is compiled and repaired until it builds.";

    protected override string InputSchemaJson => """
        {"type":"object","required":["language","instruction"],"additionalProperties":false,
         "properties":{"language":{"type":"string","minLength":1,"maxLength":40},
                       "instruction":{"type":"string","minLength":1,"maxLength":20000},
                       "context":{"type":"string","maxLength":100000}}}
        """;

    protected override async Task<Output> ExecuteAsync(Input input, SkillContext context, CancellationToken cancellationToken)
    {
        var language = Normalise(input.Language);
        List<ChatMessage> conversation =
        [
            new(ChatRole.System, $"You are an expert {language} programmer. Answer with exactly one fenced code block containing complete, self-contained {language} code. No explanations."),
            new(ChatRole.User, UserPrompt(input, language)),
        ];

        await context.ReportProgressAsync(5, "asking the LLM for code");
        var code = await AskAsync(conversation, cancellationToken);
        if (language != "csharp")
        {
            return new Output(code, language, null, [], 0);
        }

        var outcome = analysis.Compile(code, cancellationToken);
        var rounds = 0;
        while (!outcome.Compiled && rounds < MaxRepairRounds)
        {
            rounds++;
            await context.ReportProgressAsync(20 + (rounds * 20), $"repair round {rounds}: {outcome.Errors.Count()} error(s)");
            conversation.Add(new ChatMessage(ChatRole.Assistant, $"```csharp\n{code}\n```"));
            conversation.Add(new ChatMessage(ChatRole.User, RepairPrompt(outcome)));
            code = await AskAsync(conversation, cancellationToken);
            outcome = analysis.Compile(code, cancellationToken);
        }

        return new Output(code, language, outcome.Compiled, outcome.Diagnostics, rounds);
    }

    private async Task<string> AskAsync(List<ChatMessage> conversation, CancellationToken cancellationToken)
    {
        var answer = await llm.GetResponseAsync(conversation, new ChatOptions { Temperature = 0.2f }, cancellationToken);
        return CodeBlocks.Extract(answer.Text);
    }

    private static string UserPrompt(Input input, string language)
    {
        var prompt = new StringBuilder().AppendLine(input.Instruction);
        if (!string.IsNullOrWhiteSpace(input.Context))
        {
            prompt.AppendLine().AppendLine("Existing code for context:").AppendLine($"```{language}").AppendLine(input.Context).AppendLine("```");
        }

        return prompt.ToString();
    }

    private static string RepairPrompt(CompileResult outcome)
    {
        var prompt = new StringBuilder("The code does not compile. Compiler errors:\n");
        foreach (var error in outcome.Errors.Take(20))
        {
            prompt.AppendLine($"- line {error.Line}, column {error.Column}: {error.Id} {error.Message}");
        }

        return prompt.AppendLine("Return the complete corrected code in one fenced block.").ToString();
    }

    private static string Normalise(string language) => language.Trim().ToLowerInvariant() switch
    {
        "c#" or "cs" or "csharp" => "csharp",
        var other => other,
    };
}

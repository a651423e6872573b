using System.Text;
using Microsoft.Extensions.AI;
using SutazAI.Agents.CodeAnalysis;
using SutazAI.Agents.Hosting.Llm;
using SutazAI.Agents.Hosting.Skills;

namespace SutazAI.Agents.Reviewer.Skills;

/// <summary>Reviews C# code; the static analysis needs no LLM, the written review is added when one answers.</summary>
internal sealed partial class CodeReviewSkill(IChatClient llm, ICSharpAnalysis analysis, ILogger<CodeReviewSkill> logger) : Skill<CodeReviewSkill.Input, CodeReviewSkill.Output>
{
    public sealed record Input(string Language, string Code);

    public sealed record Output(
        string Language,
        bool Compiled,
        int Score,
        IReadOnlyList<CodeDiagnostic> Diagnostics,
        IReadOnlyList<MethodMetrics> Methods,
        IReadOnlyList<Finding> Findings,
        string? Review,
        string? ReviewUnavailable);

    public override string Capability => "code.review";

    public override bool UsesLlm => true;

    public override string Description => "Reviews C# source code: compiler errors, complexity, unused variables, empty catch blocks, async void, with a quality score.";

    protected override string InputSchemaJson => """
        {"type":"object","required":["language","code"],"additionalProperties":false,
         "properties":{"language":{"type":"string","enum":["csharp","c#","cs"]},
                       "code":{"type":"string","minLength":1,"maxLength":200000}}}
        """;

    protected override async Task<Output> ExecuteAsync(Input input, SkillContext context, CancellationToken cancellationToken)
    {
        await context.ReportProgressAsync(10, "analysing with Roslyn");
        var report = analysis.Review(input.Code, cancellationToken);
        await context.ReportProgressAsync(60, "asking the LLM for a written review");

        string? review = null;
        string? unavailable = null;
        try
        {
            var answer = await llm.GetResponseAsync(
                [
                    new ChatMessage(ChatRole.System, "You are a senior C# reviewer. In at most 5 short bullet points, say what to fix first and why. No preamble."),
                    new ChatMessage(ChatRole.User, Prompt(input.Code, report)),
                ],
                new ChatOptions { Temperature = 0, MaxOutputTokens = 400 },
                cancellationToken);
            review = answer.Text;
        }
        catch (Exception ex) when (LlmFailures.Classify(ex) is { } failure)
        {
            // The static review stands on its own; say why the written part is missing.
            unavailable = failure.Detail;
            LogNoWrittenReview(logger, failure.Type);
        }

        return new Output("csharp", report.Compiled, report.Score, report.Diagnostics, report.Methods, report.Findings, review, unavailable);
    }

    private static string Prompt(string code, ReviewReport report)
    {
        var prompt = new StringBuilder();
        prompt.AppendLine("Static analysis found:");
        foreach (var finding in report.Findings)
        {
            prompt.AppendLine($"- line {finding.Line}: {finding.Message}");
        }

        foreach (var diagnostic in report.Diagnostics.Take(20))
        {
            prompt.AppendLine($"- line {diagnostic.Line}: {diagnostic.Id} {diagnostic.Message}");
        }

        prompt.AppendLine().AppendLine("Code:").AppendLine("```csharp").AppendLine(code.Length > 20_000 ? code[..20_000] : code).AppendLine("```");
        return prompt.ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No written review: {ProblemType}")]
    private static partial void LogNoWrittenReview(ILogger logger, string problemType);
}

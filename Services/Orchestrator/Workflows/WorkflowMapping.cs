using System.Text.Json;
using SutazAI.Contracts.Workflows;
using SutazAI.Orchestrator.Data;

namespace SutazAI.Orchestrator.Workflows;

internal static class WorkflowMapping
{
    public static WorkflowView ToView(this WorkflowRecord workflow) => new(
        workflow.Id,
        workflow.Name,
        workflow.Status,
        workflow.Error,
        workflow.CreatedAt,
        workflow.CompletedAt,
        workflow.Steps.OrderBy(s => s.Position).Select(s => new WorkflowStepView(
            s.StepId,
            s.Capability,
            s.Status,
            s.DependsOn,
            s.TaskId,
            s.Attempts,
            s.Output is null ? null : JsonDocument.Parse(s.Output).RootElement.Clone(),
            s.Error,
            s.StartedAt,
            s.CompletedAt)).ToList());
}

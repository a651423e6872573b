using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using SutazAI.Contracts.Auth;
using SutazAI.Contracts.Planning;
using SutazAI.Orchestrator.Assignment;
using SutazAI.Orchestrator.Registry;
using SutazAI.Orchestrator.Tasks;

namespace SutazAI.Orchestrator.Mcp;

/// <summary>
/// What an MCP client may call: every capability a healthy agent offers now and the caller may use (a task needs
/// <c>tasks:write</c>; one that calls the LLM also <c>chat</c>), with the skill's description and JSON Schema, and
/// <see cref="GoalTool"/>. The list follows the agents: <see cref="McpSessions"/> tells clients when it changes.
/// </summary>
public sealed class McpTools(CapabilityCatalog catalog, AgentRegistry registry)
{
    public const string GoalTool = "goal.start";

    private static readonly JsonElement GoalSchema = JsonDocument.Parse($$$"""
        {"type":"object","properties":{
          "goal":{"type":"string","minLength":3,"maxLength":{{{PlanRequest.MaxGoalLength}}},"description":"What to achieve, in plain words."},
          "input":{"type":"object","description":"Data the plan's steps may refer to as ${input.name}."}},
         "required":["goal"],"additionalProperties":false}
        """).RootElement.Clone();

    /// <summary>The tools <paramref name="user"/> may call now, by name.</summary>
    public async Task<IReadOnlyList<Tool>> ForAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!user.HasScope(ApiScopes.TasksWrite) && !user.HasScope(ApiScopes.Admin))
        {
            return [];
        }

        var offered = await OfferedAsync(cancellationToken);
        var submitter = Submitter.From(user);

        var tools = offered.Where(entry => submitter.Refuses(entry) is null)
            .Select(entry => new Tool { Name = entry.Name, Description = entry.Description, InputSchema = entry.SchemaJson })
            .ToList();
        if (offered.Any(entry => entry.Name == PlanRequest.Capability && submitter.Refuses(entry) is null))
        {
            tools.Add(new Tool
            {
                Name = GoalTool,
                Description = "Plan a goal with the planner agent and run the plan as a workflow of the other tools' skills. Answers at once with the workflow's id; read sutazai://workflows/{id} to follow it.",
                InputSchema = GoalSchema,
            });
        }

        return tools;
    }

    /// <summary>The capabilities a healthy agent offers, one entry per name: the set whose changes clients hear of.</summary>
    public async Task<IReadOnlyList<CapabilityCatalog.Entry>> OfferedAsync(CancellationToken cancellationToken)
    {
        var entries = await catalog.CurrentAsync(cancellationToken);
        var agents = await registry.SnapshotAsync(cancellationToken);
        return [.. entries.Where(e => agents.TryGetValue(e.Agent, out var load) && load.Healthy).DistinctBy(e => e.Name).OrderBy(e => e.Name, StringComparer.Ordinal)];
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SutazAI.Contracts;
using SutazAI.Contracts.Agents;
using SutazAI.Orchestrator.Assignment;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Registry;
using SutazAI.Orchestrator.Routing;

namespace SutazAI.Orchestrator.Apis;

public static class AgentsApi
{
    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Agents").RequireTaskScopes();
        api.MapGet("/agents", ListAgents).WithName("ListAgents").WithSummary("Registered agent types and their instances, from heartbeats")
            .Produces<List<AgentView>>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/agents/activity", Activity).WithName("AgentActivity")
            .WithSummary("Tasks each agent type completed per minute over the last minutes (30 unless asked, at most 240), oldest first")
            .Produces<List<AgentActivityView>>()
            .ProducesValidationProblem();
        api.MapPost("/capabilities/route", Route).WithName("RouteRequest")
            .WithSummary("Which capability a request in words would be routed to by \"auto\", without running anything")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/capabilities", ListCapabilities).WithName("ListCapabilities").WithSummary("Capabilities the agents offer, with input schemas")
            .Produces<List<CapabilityView>>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<IResult> ListAgents(OrchestratorDbContext db, CapabilityCatalog catalog, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var instances = await db.AgentInstances.AsNoTracking().RememberedAt(now).ToListAsync(cancellationToken);
        var capabilities = await catalog.CurrentAsync(cancellationToken);
        var agents = capabilities.Select(c => c.Agent).Concat(instances.Select(i => i.Agent)).Distinct().Order();
        var loads = AgentRegistry.Build(instances, capabilities.GroupBy(c => c.Agent).ToDictionary(g => g.Key, g => g.Count()), now);

        var views = agents.Select(agent =>
        {
            var mine = instances
                .Where(i => i.Agent == agent)
                .OrderByDescending(i => i.LastSeen)
                .Select(i => new AgentInstanceView(
                    i.InstanceId,
                    AgentHealth.IsHealthy(i, now),
                    i.InFlight,
                    i.MaxConcurrency,
                    i.Completed + i.Failed == 0 ? 1.0 : Math.Round((double)i.Completed / (i.Completed + i.Failed), 4),
                    Math.Round(i.AverageLatencyMs, 2),
                    i.LastSeen))
                .ToList();
            var load = loads.GetValueOrDefault(agent);
            return new AgentView(agent, mine.Any(i => i.Healthy), capabilities.Where(c => c.Agent == agent).Select(c => c.Name).ToList(), mine,
                load?.InFlight ?? 0, load?.Capacity ?? 0, Math.Round(load?.SuccessRate ?? 1, 4), Math.Round(load?.AverageLatencyMs ?? 0, 2));
        }).ToList();

        return TypedResults.Ok(views);
    }

    private sealed record MinuteCount(string Agent, DateTimeOffset Minute, int Completed);

    private const int MaxActivityMinutes = 240;

    /// <summary>
    /// Completions per agent and minute, counted in the database (one grouped query, not the rows); tasks that ran
    /// longer than an hour are left out, so the (Status, CreatedAt) index bounds the scan.
    /// </summary>
    public static async Task<IResult> Activity(int? minutes, OrchestratorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var window = minutes ?? 30;
        if (window is < 1 or > MaxActivityMinutes)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["minutes"] = [$"Between 1 and {MaxActivityMinutes}."] }, type: SutazAI.Contracts.ProblemTypes.ValidationFailed);
        }

        var now = clock.GetUtcNow();
        var since = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1 - window);
        var createdSince = since.AddHours(-1);
        var rows = await db.Database.SqlQuery<MinuteCount>($"""
            SELECT "Agent", date_trunc('minute', "CompletedAt") AS "Minute", count(*)::int AS "Completed"
            FROM tasks
            WHERE "Status" = 'Completed' AND "CreatedAt" >= {createdSince} AND "CompletedAt" >= {since}
            GROUP BY 1, 2
            """).ToListAsync(cancellationToken);
        var views = rows.GroupBy(r => r.Agent).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var counts = new int[window];
            foreach (var row in g)
            {
                var index = (int)(row.Minute - since).TotalMinutes;
                if (index >= 0 && index < window)
                {
                    counts[index] = row.Completed;
                }
            }

            return new AgentActivityView(g.Key, since, counts);
        }).ToList();
        return TypedResults.Ok(views);
    }

    public static async Task<Results<Ok<RouteView>, ValidationProblem>> Route(JsonBody<RouteRequest> body, CapabilityRouter router, CancellationToken cancellationToken)
    {
        var text = body.Value.Text?.Trim() ?? "";
        if (text.Length is 0 or > MaxRouteText)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"The text is 1 to {MaxRouteText} characters."] }, type: ProblemTypes.ValidationFailed);
        }

        try
        {
            var route = await router.RouteAsync(text, JsonSerializer.SerializeToElement(new { text }), cancellationToken);
            return TypedResults.Ok(new RouteView(route.Chosen?.Name, route.Similarity, route.Threshold, route.Method, route.Input,
                [.. route.RunnersUp.Select(c => new RouteCandidate(c.Capability, c.Similarity))]));
        }
        catch (Exception ex) when (ServiceCalls.Unreachable(ex))
        {
            throw new RequestProblemException(StatusCodes.Status503ServiceUnavailable, ProblemTypes.ServiceUnavailable, "Routing unavailable", $"Routing by meaning needs the models service: {ex.Message}");
        }
    }

    private const int MaxRouteText = 20_000;

    public static async Task<IResult> ListCapabilities(OrchestratorDbContext db, CapabilityCatalog catalog, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var instances = await db.AgentInstances.AsNoTracking().RememberedAt(now).ToListAsync(cancellationToken);
        var healthyAgents = instances.Where(i => AgentHealth.IsHealthy(i, now)).Select(i => i.Agent).ToHashSet();
        var capabilities = await catalog.CurrentAsync(cancellationToken);
        return TypedResults.Ok(capabilities
            .Select(c => new CapabilityView(c.Name, c.Agent, c.Description, c.SchemaJson, healthyAgents.Contains(c.Agent), c.UsesLlm, c.Examples))
            .ToList());
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using SutazAI.Contracts.Auth;
using SutazAI.Orchestrator.Data;
using SutazAI.Orchestrator.Tasks;
using SutazAI.Orchestrator.Workflows;

namespace SutazAI.Orchestrator.Mcp;

/// <summary>
/// A task's and a workflow's state as MCP resources (<c>sutazai://tasks/{id}</c>, <c>sutazai://workflows/{id}</c>),
/// as <c>GET /api/v1/tasks/{id}</c> and <c>GET /api/v1/workflows/{id}</c> show them: the caller's own only (needs
/// <c>tasks:read</c>), anyone else's is "not found".
/// </summary>
public sealed partial class McpResources(OrchestratorDbContext db, IOptions<JsonOptions> json)
{
    private const string JsonMime = "application/json";
    private const int Listed = 20;

    public static readonly IReadOnlyList<ResourceTemplate> Templates =
    [
        new() { Name = "task", UriTemplate = "sutazai://tasks/{id}", MimeType = JsonMime, Description = "A task's status, progress, result or error." },
        new() { Name = "workflow", UriTemplate = "sutazai://workflows/{id}", MimeType = JsonMime, Description = "A workflow's status and its steps' tasks (a goal is a workflow)." },
    ];

    public static string WorkflowUri(Guid id) => $"sutazai://workflows/{id}";

    public static string TaskUri(Guid id) => $"sutazai://tasks/{id}";

    /// <summary>The caller's most recent tasks and workflows, newest first.</summary>
    public async ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> context, CancellationToken cancellationToken)
    {
        if (context.User is not { } user || !MayRead(user))
        {
            return new ListResourcesResult();
        }

        var owner = OwnerScope.For(user, null);
        var tasks = await db.Tasks.AsNoTracking().VisibleTo(owner).OrderByDescending(t => t.CreatedAt).Take(Listed)
            .Select(t => new { t.Id, t.Capability, t.Status }).ToListAsync(cancellationToken);
        var workflows = await db.Workflows.AsNoTracking().VisibleTo(owner).OrderByDescending(w => w.CreatedAt).Take(Listed)
            .Select(w => new { w.Id, w.Name, w.Status }).ToListAsync(cancellationToken);
        return new ListResourcesResult
        {
            Resources =
            [
                .. tasks.Select(t => new Resource { Uri = TaskUri(t.Id), Name = $"task {t.Capability} ({t.Status})", MimeType = JsonMime }),
                .. workflows.Select(w => new Resource { Uri = WorkflowUri(w.Id), Name = $"workflow {w.Name} ({w.Status})", MimeType = JsonMime }),
            ],
        };
    }

    public async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> context, CancellationToken cancellationToken)
    {
        var uri = context.Params?.Uri ?? "";
        var user = context.User;
        var match = ResourceUri().Match(uri);
        object? view = null;
        if (user is not null && match.Success && Guid.TryParse(match.Groups["id"].Value, out var id)
            && MayRead(user))
        {
            var owner = OwnerScope.For(user, null);
            view = match.Groups["kind"].Value == "tasks"
                ? (await db.Tasks.AsNoTracking().VisibleTo(owner).FirstOrDefaultAsync(t => t.Id == id, cancellationToken))?.ToView()
                : (await db.Workflows.AsNoTracking().VisibleTo(owner).Include(w => w.Steps).FirstOrDefaultAsync(w => w.Id == id, cancellationToken))?.ToView();
        }

        if (view is null)
        {
            throw new McpProtocolException($"No resource has the URI '{uri}'.", McpErrorCode.ResourceNotFound);
        }

        return new ReadResourceResult
        {
            Contents = [new TextResourceContents { Uri = uri, MimeType = JsonMime, Text = JsonSerializer.Serialize(view, view.GetType(), json.Value.SerializerOptions) }],
        };
    }

    private static bool MayRead(System.Security.Claims.ClaimsPrincipal user) => user.HasScope(ApiScopes.TasksRead) || user.HasScope(ApiScopes.Admin);

    [GeneratedRegex(@"^sutazai://(?<kind>tasks|workflows)/(?<id>[^/?#]+)$")]
    private static partial Regex ResourceUri();
}

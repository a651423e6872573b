using SutazAI.Contracts.Workflows;

namespace SutazAI.Web.Rendering;

/// <summary>
/// A workflow's steps laid out as a layered graph: a step's layer is the longest chain of dependencies before it, so
/// every edge points down; steps of a layer sit side by side.
/// </summary>
public sealed record PlanLayout(IReadOnlyList<PlanLayout.Node> Nodes, IReadOnlyList<PlanLayout.Edge> Edges, int Width, int Height)
{
    public const int NodeWidth = 200;
    public const int NodeHeight = 52;
    private const int ColumnGap = 24;
    private const int RowGap = 48;
    private const int Margin = 8;

    public sealed record Node(WorkflowStepView Step, int X, int Y);

    public sealed record Edge(string From, string To, int X1, int Y1, int X2, int Y2);

    public static PlanLayout Of(IReadOnlyList<WorkflowStepView> steps)
    {
        var byId = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var layers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            LayerOf(step.Id, byId, layers, []);
        }

        var rows = steps.GroupBy(s => layers[s.Id]).OrderBy(g => g.Key).ToList();
        var widest = rows.Count == 0 ? 0 : rows.Max(r => r.Count());
        var width = Margin * 2 + Math.Max(1, widest) * (NodeWidth + ColumnGap) - ColumnGap;
        var nodes = new List<Node>();
        foreach (var row in rows)
        {
            var count = row.Count();
            var rowWidth = count * (NodeWidth + ColumnGap) - ColumnGap;
            var x = (width - rowWidth) / 2;
            foreach (var step in row)
            {
                nodes.Add(new Node(step, x, Margin + row.Key * (NodeHeight + RowGap)));
                x += NodeWidth + ColumnGap;
            }
        }

        var at = nodes.ToDictionary(n => n.Step.Id, StringComparer.Ordinal);
        var edges = nodes
            .SelectMany(n => n.Step.DependsOn.Where(at.ContainsKey).Select(d => (From: at[d], To: n)))
            .Select(e => new Edge(e.From.Step.Id, e.To.Step.Id, e.From.X + NodeWidth / 2, e.From.Y + NodeHeight, e.To.X + NodeWidth / 2, e.To.Y))
            .ToList();
        var height = Margin * 2 + Math.Max(1, rows.Count) * (NodeHeight + RowGap) - RowGap;
        return new PlanLayout(nodes, edges, width, height);
    }

    private static int LayerOf(string id, Dictionary<string, WorkflowStepView> steps, Dictionary<string, int> layers, HashSet<string> visiting)
    {
        if (layers.TryGetValue(id, out var known))
        {
            return known;
        }

        // The orchestrator refuses cycles; a bad answer still must not hang the page.
        if (!visiting.Add(id) || !steps.TryGetValue(id, out var step))
        {
            return 0;
        }

        var layer = step.DependsOn.Count == 0 ? 0 : step.DependsOn.Max(d => LayerOf(d, steps, layers, visiting) + 1);
        layers[id] = layer;
        return layer;
    }
}

using System.Globalization;

namespace SutazAI.Gateway.Observability;

/// <summary>
/// The samples of a Prometheus text exposition (<c>/metrics</c>): a metric's name, its labels and its value, one per
/// line; comments and malformed lines are skipped.
/// </summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public static IEnumerable<PrometheusSample> Parse(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var close = brace < 0 ? -1 : line.LastIndexOf('}');
            var name = brace < 0 ? line[..Math.Max(0, line.IndexOf(' ', StringComparison.Ordinal))] : line[..brace];
            var rest = (close < 0 ? line[name.Length..] : line[(close + 1)..]).Trim();
            var valueText = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (name.Length == 0 || valueText is null || !double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            yield return new PrometheusSample(name, brace < 0 ? new Dictionary<string, string>() : ParseLabels(line[(brace + 1)..close]), value);
        }
    }

    private static Dictionary<string, string> ParseLabels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = 0;
        while (at < text.Length)
        {
            var equals = text.IndexOf('=', at);
            if (equals < 0 || equals + 1 >= text.Length || text[equals + 1] != '"')
            {
                break;
            }

            var end = equals + 2;
            while (end < text.Length && (text[end] != '"' || text[end - 1] == '\\'))
            {
                end++;
            }

            labels[text[at..equals].Trim().TrimStart(',').Trim()] = text[(equals + 2)..Math.Min(end, text.Length)];
            at = end + 1;
        }

        return labels;
    }
}

using System.Globalization;

namespace SutazAI.Orchestrator.Streams;

/// <summary>
/// Where a reader of an event stream is: the version of the task or workflow it saw last and, for a task, how many
/// pieces of output. It is every event's id (<c>7</c> or <c>7.42</c>), so a client that reconnects with
/// <c>Last-Event-ID</c> gets exactly what came after; both parts only grow, so ids never repeat.
/// </summary>
public readonly record struct StreamPosition(int Version, int Output)
{
    public const int MaxLength = 24;

    /// <summary>The id of a task's event: version and output pieces.</summary>
    public string TaskEventId => string.Create(CultureInfo.InvariantCulture, $"{Version}.{Output}");

    /// <summary>The id of a workflow's event: its version.</summary>
    public string WorkflowEventId => Version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Binds the <c>Last-Event-ID</c> header; anything but <c>N</c> or <c>N.M</c> (non-negative) is a 400.</summary>
    public static bool TryParse(string? value, out StreamPosition position)
    {
        position = default;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        var dot = value.IndexOf('.', StringComparison.Ordinal);
        var output = 0;
        if (!int.TryParse(dot < 0 ? value : value[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || (dot >= 0 && !int.TryParse(value[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out output)))
        {
            return false;
        }

        position = new StreamPosition(version, output);
        return true;
    }
}

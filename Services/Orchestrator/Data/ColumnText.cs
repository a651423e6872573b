namespace SutazAI.Orchestrator.Data;

/// <summary>Cuts text that comes from outside (agents, the broker, the planner) to the length of its column.</summary>
public static class ColumnText
{
    public static string Clip(this string text, int maxLength) => text.Length > maxLength ? text[..maxLength] : text;
}

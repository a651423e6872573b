using System.Diagnostics;

namespace SutazAI.Agents.Hosting;

internal static class AgentTelemetry
{
    public static readonly ActivitySource Source = new(Microsoft.Extensions.Hosting.Telemetry.ActivitySourceName);
}

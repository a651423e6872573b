namespace Microsoft.Extensions.Hosting;

/// <summary>Names of the platform's own activity source and meter.</summary>
public static class Telemetry
{
    public const string ActivitySourceName = "SutazAI";
    public const string MeterName = "SutazAI";
}

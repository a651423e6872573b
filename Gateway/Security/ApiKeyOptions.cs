namespace SutazAI.Gateway.Security;

public sealed class ApiKeyOptions
{
    public const string Section = "Gateway";
    public const string HeaderName = "X-Api-Key";
    public const int MinimumLength = 16;

    /// <summary>The admin key the platform starts with; given by the AppHost as a secret parameter.</summary>
    public string BootstrapKey { get; set; } = "";
}

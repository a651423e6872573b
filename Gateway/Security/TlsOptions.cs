namespace SutazAI.Gateway.Security;

/// <summary>
/// <c>Gateway:Tls</c>: a PEM certificate and key (paths, AppHost parameters <c>gateway-tls-cert</c> and
/// <c>gateway-tls-key</c>). When set, the gateway serves HTTPS, redirects HTTP there and sends HSTS.
/// </summary>
public sealed class TlsOptions
{
    public const string Section = "Gateway:Tls";

    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath) && !string.IsNullOrWhiteSpace(KeyPath);
}

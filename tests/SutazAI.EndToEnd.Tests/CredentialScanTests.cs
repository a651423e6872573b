using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// No credential is a literal: not in any tracked file, not in the deployment manifest the AppHost publishes
/// (which names secret parameters and generated passwords, never their values).
/// </summary>
public sealed partial class CredentialScanTests
{
    [Fact]
    public void The_scanner_finds_every_kind_of_planted_credential()
    {
        // Each sample is split in two so this file itself stays clean for the scan of tracked files.
        string[] planted =
        [
            "-----BEGIN " + "PRIVATE KEY-----",
            "-----BEGIN RSA " + "PRIVATE KEY-----",
            "Host=db;Username=app;Password=" + "hunter2hunter2",
            "amqp://guest:" + "s3cretpass@rabbit:5672",
            "\"password\": " + "\"hunter2hunter2\"",
            "var apiKey = " + "\"0123456789abcdef0123\";",
            "Gateway__BootstrapKey=" + "0123456789abcdef0123",
            "SigningKey: " + "'abcdefghijklmnopqrstuvwxyz012345'",
            "sk_0123456789ab_" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd",
            "eyJhbGciOiJIUzI1NiJ9." + "eyJzdWIiOiJhZG1pbiIsImV4cCI6MX0.c2lnbmF0dXJlc2lnbmF0dXJl",
            "AKIA" + "ABCDEFGHIJKLMNOP",
        ];
        Assert.All(planted, sample => Assert.NotEmpty(Findings(sample)));

        string[] harmless =
        [
            "Password={postgres-password.value}",
            "amqp://guest:{rabbitmq-password-uri-encoded.value}@{rabbitmq.bindings.tcp.host}",
            "options.BootstrapKey.Length >= ApiKeyOptions.MinimumLength",
            "environment[\"Gateway__BootstrapKey\"] = platform.Secrets.ApiKey;",
            "\"--Parameters:api-key={secrets.ApiKey}\"",
        ];
        Assert.All(harmless, sample => Assert.Empty(Findings(sample)));
    }

    [Fact]
    public async Task No_tracked_file_holds_a_credential_literal()
    {
        var files = (await RunAsync("git", ["ls-files", "-z"], Repository.Path(""))).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(files.Length > 100, $"git ls-files listed only {files.Length} files");
        var findings = new List<string>();
        foreach (var file in files)
        {
            var path = Repository.Path(file);
            if (!File.Exists(path) || new FileInfo(path).Length > 2_000_000 || IsBinary(path))
            {
                continue;
            }

            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                findings.AddRange(Findings(lines[i]).Select(kind => $"{file}:{i + 1}: {kind}"));
            }
        }

        Console.WriteLine($"[credentials] scanned {files.Length} tracked files: {findings.Count} finding(s)");
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_published_manifest_names_secrets_but_holds_none_and_only_the_gateway_is_external(bool tls)
    {
        var folder = Directory.CreateTempSubdirectory("sutazai-manifest-");
        try
        {
            var configuration = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var manifestPath = Path.Combine(folder.FullName, "aspire-manifest.json");
            await RunAsync("dotnet", ["run", "--project", Repository.Path("AppHost"), "--no-build", "-c", configuration, "--no-launch-profile", "--",
                "--publisher", "manifest", "--output-path", manifestPath,
                .. tls ? ["--Gateway:Tls:CertificatePath=/etc/sutazai/tls.crt", "--Gateway:Tls:KeyPath=/etc/sutazai/tls.key"] : (string[])[]], Repository.Path(""));
            var text = await File.ReadAllTextAsync(manifestPath);
            var findings = text.Split('\n').SelectMany(Findings).ToList();
            Assert.True(findings.Count == 0, string.Join("\n", findings));

            using var manifest = JsonDocument.Parse(text);
            var resources = manifest.RootElement.GetProperty("resources").EnumerateObject().ToList();
            foreach (var name in (string[])["api-key", "jwt-signing-key", "internal-token-key", "postgres-password", "redis-password", "rabbitmq-password"])
            {
                var parameter = resources.Single(r => r.Name == name).Value;
                Assert.True(parameter.GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean(), $"{name} is not secret");
                Assert.False(parameter.GetProperty("inputs").GetProperty("value").TryGetProperty("default", out var given) && given.TryGetProperty("value", out _),
                    $"{name} has a literal default");
            }

            var external = resources
                .Where(r => r.Value.TryGetProperty("bindings", out var bindings)
                    && bindings.EnumerateObject().Any(b => b.Value.TryGetProperty("external", out var e) && e.GetBoolean()))
                .Select(r => r.Name);
            Assert.Equal(["gateway"], external);

            // The gateway's public ports are external (HTTPS too when TLS is configured), its internal one never.
            var bindings = resources.Single(r => r.Name == "gateway").Value.GetProperty("bindings").EnumerateObject()
                .ToDictionary(b => b.Name, b => b.Value.TryGetProperty("external", out var e) && e.GetBoolean());
            Assert.True(bindings["http"]);
            Assert.False(bindings["internal"]);
            Assert.Equal(tls, bindings.GetValueOrDefault("https"));
            Assert.Equal(tls, bindings.ContainsKey("https"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>What kinds of credential literal <paramref name="line"/> holds.</summary>
    public static IEnumerable<string> Findings(string line)
    {
        if (PrivateKey().IsMatch(line))
        {
            yield return "private key";
        }

        if (ConnectionPassword().Match(line) is { Success: true } connection && IsLiteral(connection.Groups[1].Value))
        {
            yield return "password in a connection string";
        }

        if (UrlCredentials().Match(line) is { Success: true } url && IsLiteral(url.Groups[1].Value))
        {
            yield return "password in a URL";
        }

        if (NamedSecret().Match(line) is { Success: true } named && IsLiteral(named.Groups[2].Value))
        {
            yield return $"literal value for '{named.Groups[1].Value}'";
        }

        if (KnownTokenFormat().IsMatch(line))
        {
            yield return "token in a known format (API key, JWT, cloud key)";
        }
    }

    /// <summary>Placeholders, interpolations and code are not literals.</summary>
    private static bool IsLiteral(string value) =>
        value.Length >= 8 && !value.Contains('{') && !value.Contains('[') && !value.Contains('$') && !value.Contains('(') && !value.Contains('.');

    private static bool IsBinary(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[Math.Min(8000, stream.Length)];
        stream.ReadExactly(buffer);
        return buffer.Contains((byte)0);
    }

    private static async Task<string> RunAsync(string command, string[] arguments, string workingDirectory)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}{await output}");
        return await output;
    }

    [GeneratedRegex("-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"(?i)\b(?:password|pwd)=([^;""'\s]+)")]
    private static partial Regex ConnectionPassword();

    [GeneratedRegex(@"(?i)\b[a-z][a-z0-9+.-]*://[^:/\s""']+:([^@/\s""']+)@")]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"(?i)(?<![a-z])(password|passwd|secret|api[_-]?key|bootstrap_?key|signing_?key|token_?key|access[_-]?key|client[_-]?secret)[""']?\]?\s*[:=]\s*[""']?([^\s""',;]+)")]
    private static partial Regex NamedSecret();

    [GeneratedRegex(@"\bsk_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}|\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36}\b")]
    private static partial Regex KnownTokenFormat();
}

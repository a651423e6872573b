using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SutazAI.Contracts;
using SutazAI.Testing;
using static SutazAI.EndToEnd.Tests.GatewayCalls;

namespace SutazAI.EndToEnd.Tests;

/// <summary>Protocol hygiene at the gateway: TLS with redirect and HSTS, header, size and time limits, versions, security headers, CORS.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ProtocolTests(PlatformFixture platform)
{
    [Fact]
    public async Task With_a_certificate_the_gateway_serves_HTTPS_redirects_HTTP_and_sends_HSTS()
    {
        var folder = Directory.CreateTempSubdirectory("sutazai-tls-");
        try
        {
            using var certificate = WriteSelfSignedCertificate(folder.FullName, out var certPath, out var keyPath);
            var (httpsPort, httpPort) = (GatewayProcess.FreePort(), GatewayProcess.FreePort());
            await using var gateway = await GatewayProcess.StartAsync(
                platform.Host,
                [$"Gateway:Tls:CertificatePath={certPath}", $"Gateway:Tls:KeyPath={keyPath}"],
                [$"https://127.0.0.1:{httpsPort}", $"http://127.0.0.1:{httpPort}"]);

            using var handler = new HttpClientHandler
            {
                // Trust exactly the test's certificate.
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
                AllowAutoRedirect = false,
            };
            using var https = gateway.CreateClient(platform.Host.ApiKey, handler);
            using var secure = await https.GetAsync("/api/v1/auth/me");
            Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
            Assert.Equal("max-age=31536000; includeSubDomains", secure.Headers.GetValues("Strict-Transport-Security").Single());

            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
            using var plain = await http.GetAsync("/api/v1/tasks?page=2");
            Assert.Equal(HttpStatusCode.PermanentRedirect, plain.StatusCode);
            Assert.Equal($"https://127.0.0.1:{httpsPort}/api/v1/tasks?page=2", plain.Headers.Location?.ToString());
            Assert.False(plain.Headers.Contains("Strict-Transport-Security"), "HSTS is sent over HTTPS only");

            // Probes stay on plain HTTP for the supervisor.
            using var probe = await http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Too_many_headers_get_431_an_oversized_body_413_and_a_slow_backend_408_all_as_problems()
    {
        using var client = platform.Host.CreateGatewayClient();
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks"))
        {
            for (var i = 0; i < 70; i++)
            {
                request.Headers.Add($"X-Filler-{i}", "x");
            }

            using var tooMany = await client.SendAsync(request);
            await AssertProblemAsync(tooMany, HttpStatusCode.RequestHeaderFieldsTooLarge, ProblemTypes.HeadersTooLarge);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks"))
        {
            request.Headers.Add("X-Large", new string('a', 20_000));
            using var tooLarge = await client.SendAsync(request);
            await AssertProblemAsync(tooLarge, HttpStatusCode.RequestHeaderFieldsTooLarge, ProblemTypes.HeadersTooLarge);
        }

        using (var body = new ByteArrayContent(new byte[2 * 1024 * 1024]))
        {
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var oversized = await client.PostAsync("/api/v1/tasks", body);
            await AssertProblemAsync(oversized, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        }

        // A backend that accepts the connection and never answers; the gateway gives up after its request timeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                held.Add(await silent.AcceptTcpClientAsync());
            }
        });
        await using var gateway = await GatewayProcess.StartAsync(platform.Host,
            ["Gateway:RequestTimeout=00:00:01", $"services:orchestrator:http:0=http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"]);
        using var slow = gateway.CreateClient(platform.Host.ApiKey);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var timedOut = await slow.GetAsync("/api/v1/tasks");
        await AssertProblemAsync(timedOut, HttpStatusCode.RequestTimeout, ProblemTypes.RequestTimeout);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 10);
        held.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task An_unsupported_API_version_is_a_400_problem_and_responses_carry_security_headers()
    {
        using var client = platform.Host.CreateGatewayClient();
        foreach (var path in (string[])["/api/v2/tasks", "/api/v0/auth/me", "/api/vnext/models"])
        {
            using var response = await client.GetAsync(path);
            await AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.UnsupportedApiVersion);
            Assert.Equal("1.0", response.Headers.GetValues("api-supported-versions").Single());
        }

        using var ok = await client.GetAsync("/api/v1/auth/me");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("1.0", ok.Headers.GetValues("api-supported-versions").Single());
        Assert.Equal("nosniff", ok.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", ok.Headers.GetValues("Referrer-Policy").Single());
        Assert.StartsWith("default-src 'none'", ok.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        // CORS: no origin is allowed unless configured.
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/tasks");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var refused = await client.SendAsync(preflight);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task CORS_allows_exactly_the_configured_origins()
    {
        await using var gateway = await GatewayProcess.StartAsync(platform.Host, ["Gateway:Cors:Origins:0=https://app.example"]);
        using var client = gateway.CreateClient();
        foreach (var (origin, allowed) in new[] { ("https://app.example", true), ("https://evil.example", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/tasks");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "x-api-key,content-type");
            using var response = await client.SendAsync(preflight);
            Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
        }
    }

    private static X509Certificate2 WriteSelfSignedCertificate(string folder, out string certPath, out string keyPath)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        certPath = Path.Combine(folder, "gateway.crt");
        keyPath = Path.Combine(folder, "gateway.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        return certificate;
    }
}

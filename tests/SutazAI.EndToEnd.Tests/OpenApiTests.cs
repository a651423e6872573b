using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SutazAI.Testing;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// <c>/openapi/v1.json</c> at the gateway describes every public endpoint of every service. The endpoint list comes
/// from the source (each <c>Apis/*.cs</c> map call), so a new endpoint without documentation fails here.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class OpenApiTests(PlatformFixture platform)
{
    private const string ClientDocumentPath = "Services/Client/openapi.json";

    [Fact]
    public async Task Every_public_endpoint_is_in_the_aggregated_document_with_a_summary_and_response_schemas()
    {
        var publicPrefixes = PublicPrefixes();
        var endpoints = MappedEndpoints().Where(e => publicPrefixes.Any(prefix => e.Path == prefix || e.Path.StartsWith(prefix + "/", StringComparison.Ordinal))).ToList();
        Console.WriteLine($"[openapi] {endpoints.Count} public endpoints mapped in the source");
        Assert.True(endpoints.Count >= 25, $"only {endpoints.Count} endpoints found; the source scan is broken");

        using var anonymous = platform.Host.CreateGatewayClient(withApiKey: false);
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.False(root.TryGetProperty("x-sutazai-unavailable", out _), "a service's document was missing");
        var paths = root.GetProperty("paths").EnumerateObject().ToDictionary(p => Normalize(p.Name), p => p.Value);

        var failures = new List<string>();
        foreach (var (method, path, source) in endpoints)
        {
            if (!paths.TryGetValue(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                failures.Add($"{method} {path} ({source}) is not documented");
                continue;
            }

            if (!operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
            {
                failures.Add($"{method} {path} has no summary");
            }

            var responses = operation.GetProperty("responses").EnumerateObject().ToList();
            if (!responses.Any(r => HasSchema(r.Value)))
            {
                failures.Add($"{method} {path} has no response schema");
            }

            // The OpenAI-compatible API answers errors in OpenAI's shape, as JSON; everything else as problem documents.
            var errorType = path.StartsWith("/v1/", StringComparison.Ordinal) ? "application/json" : "application/problem+json";
            if (!responses.Any(r => r.Name[0] is '4' or '5' && r.Value.TryGetProperty("content", out var content) && content.TryGetProperty(errorType, out _)))
            {
                failures.Add($"{method} {path} lists no problem response");
            }

            // Actions on a resource (redrive a dead letter, unlock a user, rebuild the vector index) take no body.
            if (method is "POST" && !path.EndsWith("/redrive", StringComparison.Ordinal) && !path.EndsWith("/unlock", StringComparison.Ordinal)
                && !path.EndsWith("/rebuild", StringComparison.Ordinal)
                && !operation.TryGetProperty("requestBody", out _))
            {
                failures.Add($"{method} {path} has no request body schema");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(root.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("apiKey", out _));
    }

    /// <summary>
    /// <c>SutazAI.Client</c> is generated at build time from a copy of the document kept beside it; this fails when the
    /// gateway's document and that copy differ, so the client cannot fall behind the API. Rewrite the copy with
    /// <c>SUTAZAI_WRITE_DOCS=1</c>.
    /// </summary>
    [Fact]
    public async Task The_clients_copy_of_the_document_is_the_gateways_document()
    {
        using var anonymous = platform.Host.CreateGatewayClient(withApiKey: false);
        var live = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        Assert.Null(live["x-sutazai-unavailable"]);
        var path = Repository.Path(ClientDocumentPath);
        var text = live.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (Environment.GetEnvironmentVariable("SUTAZAI_WRITE_DOCS") == "1")
        {
            await File.WriteAllTextAsync(path, text);
        }

        Assert.True(File.Exists(path), $"{ClientDocumentPath} is missing; write it with SUTAZAI_WRITE_DOCS=1.");
        var copy = JsonNode.Parse(await File.ReadAllTextAsync(path));
        Assert.True(JsonNode.DeepEquals(live, copy), $"{ClientDocumentPath} differs from the gateway's /openapi/v1.json; rewrite it with SUTAZAI_WRITE_DOCS=1 and rebuild the client.");
    }

    [Fact]
    public async Task The_docs_page_renders_the_document_with_its_assets()
    {
        using var anonymous = platform.Host.CreateGatewayClient(withApiKey: false);
        using var page = await anonymous.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        // The page's source URL is relative to the site's base path (Scalar resolves it against the origin).
        var source = DocumentSource().Match(html);
        Assert.True(source.Success, html);
        using var document = await anonymous.GetAsync(new Uri(anonymous.BaseAddress!, "/" + source.Groups[1].Value.TrimStart('/')));
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("3.1.1", JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement.GetProperty("openapi").GetString());

        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).Where(src => !src.StartsWith("http", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            using var asset = await anonymous.GetAsync(new Uri(new Uri(anonymous.BaseAddress!, "/docs/"), script));
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Contains("javascript", asset.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        }
    }

    /// <summary>Every <c>Map{Verb}</c> call in the services' and the gateway's <c>Apis</c> folders, with its group prefix.</summary>
    private static IEnumerable<(string Method, string Path, string Source)> MappedEndpoints()
    {
        var files = new[] { "Services", "Agents" }
            .SelectMany(area => Directory.GetDirectories(Repository.Path(area)))
            .Append(Repository.Path("Gateway"))
            .Select(project => Path.Combine(project, "Apis"))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.GetFiles(folder, "*.cs"));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var groups = GroupDeclaration().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            foreach (Match call in MapCall().Matches(text))
            {
                var receiver = call.Groups[1].Value;
                var prefix = groups.TryGetValue(receiver, out var group) ? group
                    : receiver == "app" ? ""
                    : throw new InvalidOperationException($"{file}: Map{call.Groups[2].Value} on '{receiver}', which the scan does not know");
                yield return (call.Groups[2].Value.ToUpperInvariant(), Normalize(prefix + "/" + call.Groups[3].Value), Path.GetFileName(file));
            }
        }
    }

    /// <summary>Path prefixes the gateway routes (its YARP routes) or serves itself.</summary>
    private static List<string> PublicPrefixes()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Repository.Path("Gateway/appsettings.json")));
        return settings.RootElement.GetProperty("ReverseProxy").GetProperty("Routes").EnumerateObject()
            .Select(route => Normalize(route.Value.GetProperty("Match").GetProperty("Path").GetString()!.Split('{')[0]))
            .Concat(["/api/v1/auth", "/api/v1/keys", "/api/v1/status"])
            .ToList();
    }

    private static bool HasSchema(JsonElement response) =>
        response.TryGetProperty("content", out var content) && content.EnumerateObject().Any(media => media.Value.TryGetProperty("schema", out _));

    /// <summary><c>//a/{id:guid}/</c> -> <c>/a/{id}</c>, and a catch-all <c>{**id}</c> -> <c>{id}</c>.</summary>
    private static string Normalize(string path)
    {
        var collapsed = RouteConstraint().Replace(MultipleSlashes().Replace(path, "/").Replace("{**", "{", StringComparison.Ordinal), "{$1}");
        return collapsed.Length > 1 ? collapsed.TrimEnd('/') : collapsed;
    }

    [GeneratedRegex(@"var (\w+) = [^;]*?\.MapGroup\(""([^""]*)""\)", RegexOptions.Singleline)]
    private static partial Regex GroupDeclaration();

    [GeneratedRegex(@"(\w+)\s*\.Map(Get|Post|Put|Delete|Patch)\(\s*""([^""]*)""")]
    private static partial Regex MapCall();

    [GeneratedRegex(@"\{(\w+):[^}]+\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex("/{2,}")]
    private static partial Regex MultipleSlashes();

    [GeneratedRegex(@"""sources"":\[\{[^\]]*""url"":""([^""]+)""")]
    private static partial Regex DocumentSource();

    [GeneratedRegex(@"<script[^>]*\ssrc=""([^""]+)""")]
    private static partial Regex ScriptSource();
}

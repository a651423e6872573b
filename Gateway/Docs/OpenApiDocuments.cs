using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using Yarp.ReverseProxy.Configuration;

namespace SutazAI.Gateway.Docs;

/// <summary>
/// <c>/openapi/v1.json</c>: one document for the whole public API, made of the gateway's own endpoints and each
/// service's document (fetched with an internal token), keeping only the paths the gateway routes to that service.
/// <c>/docs</c> renders it (Scalar). Both are open: the API's shape is no secret, its data is.
/// </summary>
public static partial class OpenApiDocuments
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string DocsPath = "/docs";
    public const string HttpClientName = "openapi";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (JsonObject Document, DateTime Until)? _cached;

    public static IEndpointRouteBuilder MapApiDocumentation(this IEndpointRouteBuilder app)
    {
        app.MapGet(DocumentPath, GetDocument).AllowAnonymous().ExcludeFromDescription();
        app.MapScalarApiReference(DocsPath, options => options
            .WithTitle("SutazAI API")
            .WithOpenApiRoutePattern(DocumentPath))
            .AllowAnonymous();
        return app;
    }

    public static async Task<IResult> GetDocument(
        [FromKeyedServices("v1")] IOpenApiDocumentProvider own, IProxyConfigProvider proxy, IHttpClientFactory clients, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (_cached is { } cached && cached.Until > DateTime.UtcNow)
        {
            return Results.Text(cached.Document.ToJsonString(), "application/json");
        }

        await Gate.WaitAsync(cancellationToken);
        try
        {
            var logger = loggers.CreateLogger(typeof(OpenApiDocuments));
            var document = JsonNode.Parse(await (await own.GetOpenApiDocumentAsync(cancellationToken)).SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken))!.AsObject();
            document["info"] = new JsonObject
            {
                ["title"] = "SutazAI API",
                ["version"] = "v1",
                ["description"] = "Every public endpoint of the platform, as the gateway serves it. Authenticate with an X-Api-Key header or an access token from POST /api/v1/auth/token.",
            };
            document.Remove("servers");
            var missing = new List<string>();
            foreach (var (cluster, address, prefixes) in Sources(proxy.GetConfig()))
            {
                var service = await FetchAsync(clients, address, cancellationToken);
                if (service is null)
                {
                    missing.Add(cluster);
                    LogUnavailable(logger, cluster, address);
                    continue;
                }

                Merge(document, service, prefixes, cluster, logger);
            }

            InlineFreeFormValues(document);
            MarkProblemMessages(document);
            AddSecurity(document);
            if (missing.Count > 0)
            {
                document["x-sutazai-unavailable"] = new JsonArray([.. missing.Select(name => (JsonNode?)JsonValue.Create(name))]);
            }

            // A partial document is served but not kept, so the missing service's paths appear once it answers.
            _cached = missing.Count == 0 ? (document, DateTime.UtcNow + CacheFor) : null;
            return Results.Text(document.ToJsonString(), "application/json");
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Each API cluster's address and the path prefixes the gateway's routes send to it; the web console's cluster
    /// serves pages, not an API, so it has no document to merge.
    /// </summary>
    private static IEnumerable<(string Cluster, string Address, string[] Prefixes)> Sources(IProxyConfig config)
    {
        var console = config.Routes.Where(route => route.RouteId == WebConsole.ConsoleRoute.RouteId).Select(route => route.ClusterId).ToHashSet();
        foreach (var cluster in config.Clusters.Where(cluster => !console.Contains(cluster.ClusterId)))
        {
            var address = cluster.Destinations?.Values.FirstOrDefault()?.Address;
            var prefixes = config.Routes
                .Where(route => route.ClusterId == cluster.ClusterId && route.Match.Path is not null)
                .Select(route => route.Match.Path!.Split('{')[0].TrimEnd('/'))
                .Distinct()
                .ToArray();
            if (address is not null && prefixes.Length > 0)
            {
                yield return (cluster.ClusterId, address, prefixes);
            }
        }
    }

    private static async Task<JsonObject?> FetchAsync(IHttpClientFactory clients, string address, CancellationToken cancellationToken)
    {
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var text = await client.GetStringAsync($"{address.TrimEnd('/')}{DocumentPath}", timeout.Token);
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (Exception ex) when (ServiceCalls.Unreachable(ex) || ex is OperationCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Adds the service's routed paths, and the components they use (identical names are the same shared types).</summary>
    private static void Merge(JsonObject document, JsonObject service, string[] prefixes, string cluster, ILogger logger)
    {
        var paths = document["paths"] as JsonObject ?? (JsonObject)(document["paths"] = new JsonObject());
        foreach (var (path, item) in service["paths"] as JsonObject ?? [])
        {
            if (item is not null && prefixes.Any(prefix => path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal)))
            {
                paths[path] = item.DeepClone();
            }
        }

        var components = document["components"] as JsonObject ?? (JsonObject)(document["components"] = new JsonObject());
        foreach (var (kind, entries) in service["components"] as JsonObject ?? [])
        {
            var target = components[kind] as JsonObject ?? (JsonObject)(components[kind] = new JsonObject());
            foreach (var (name, definition) in entries as JsonObject ?? [])
            {
                if (target[name] is { } existing && !JsonNode.DeepEquals(existing, definition))
                {
                    LogConflict(logger, kind, name, cluster);
                    continue;
                }

                target[name] = definition?.DeepClone();
            }
        }

        var tags = document["tags"] as JsonArray ?? (JsonArray)(document["tags"] = new JsonArray());
        foreach (var tag in service["tags"] as JsonArray ?? [])
        {
            if (tag?["name"]?.GetValue<string>() is { } name && !tags.Any(t => t?["name"]?.GetValue<string>() == name))
            {
                tags.Add(tag.DeepClone());
            }
        }
    }

    /// <summary>
    /// Any-JSON values (task input and results) are <c>JsonElement</c> in .NET, which the services describe as a
    /// component of that name; the public document says what they are, any value (<c>{}</c>), so that client generators
    /// give them a JSON type of their own language rather than a class named after ours.
    /// </summary>
    private static void InlineFreeFormValues(JsonObject document)
    {
        const string reference = "#/components/schemas/JsonElement";
        if (document["components"]?["schemas"] is not JsonObject schemas || !schemas.Remove("JsonElement"))
        {
            return;
        }

        Inline(document);

        static void Inline(JsonNode? node)
        {
            IEnumerable<JsonNode?> children = node switch { JsonObject item => [.. item.Select(pair => pair.Value)], JsonArray list => [.. list], _ => [] };
            foreach (var child in children)
            {
                if (child is JsonObject value && value["$ref"] is JsonValue target && target.GetValue<string>() == reference)
                {
                    value.Remove("$ref");
                }
                else
                {
                    Inline(child);
                }
            }
        }
    }

    /// <summary>
    /// A problem's <c>detail</c> is what went wrong in words; generated clients (Kiota) make it their exception's
    /// message when the document says so.
    /// </summary>
    private static void MarkProblemMessages(JsonObject document)
    {
        foreach (var name in (string[])["ProblemDetails", "HttpValidationProblemDetails"])
        {
            if (document["components"]?["schemas"]?[name]?["properties"]?["detail"] is JsonObject detail)
            {
                detail["x-ms-primary-error-message"] = true;
            }
        }
    }

    private static void AddSecurity(JsonObject document)
    {
        var components = document["components"] as JsonObject ?? (JsonObject)(document["components"] = new JsonObject());
        components["securitySchemes"] = new JsonObject
        {
            ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = Security.ApiKeyOptions.HeaderName },
            ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" },
        };
        document["security"] = new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() }, new JsonObject { ["bearer"] = new JsonArray() });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OpenAPI: the {Cluster} service did not answer at {Address}; its paths are left out for now")]
    private static partial void LogUnavailable(ILogger logger, string cluster, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OpenAPI: {Kind} '{Name}' of {Cluster} differs from one already merged; the first is kept")]
    private static partial void LogConflict(ILogger logger, string kind, string name, string cluster);
}

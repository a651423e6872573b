using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using SutazAI.Testing;
using Xunit.Abstractions;

namespace SutazAI.Llm.Tests;

/// <summary>
/// The monitoring code matches the running code: every metric the rules and dashboards read is exported by
/// some service's <c>/metrics</c>, and every scrape job is a real resource of the AppHost.
/// </summary>
[Collection(LlmPlatformCollection.Name)]
public sealed partial class MetricsTests(LlmPlatformFixture platform, ITestOutputHelper output)
{
    /// <summary>Names Prometheus makes itself, not a service.</summary>
    private static readonly string[] PrometheusOwn = ["up"];

    private static readonly string[] PromQlWords =
    [
        "sum", "rate", "by", "le", "and", "or", "unless", "without", "histogram_quantile", "deriv", "increase", "avg", "max", "min", "count", "on", "ignoring",
        "job", "agent", "capability", "type", "status", "reason", "http_route", "http_response_status_code", "severity", "slo", "offset", "bool",
    ];

    [Fact]
    public async Task Every_metric_in_the_rules_and_dashboards_is_exported_and_every_scrape_job_is_a_resource()
    {
        await ProduceEverySignalAsync();

        var exported = new HashSet<string>();
        foreach (var (resource, endpoint) in ScrapeTargets())
        {
            using var client = platform.Host.CreateServiceClient(resource, endpoint);
            var text = await client.GetStringAsync("/metrics");
            foreach (var line in text.Split('\n').Where(l => l.Length > 0 && l[0] != '#'))
            {
                exported.Add(MetricName().Match(line).Value);
            }
        }

        var root = Repository.Path("deploy/monitoring");
        var used = new SortedSet<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "rules"), "*.yml").Concat(Directory.GetFiles(Path.Combine(root, "grafana"), "*.json")))
        {
            foreach (var expression in Expressions().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value))
            {
                foreach (var name in Identifiers().Matches(RemoveLabelMatchers(expression)).Select(m => m.Value))
                {
                    if (!name.Contains(':', StringComparison.Ordinal) && !PromQlWords.Contains(name) && !PrometheusOwn.Contains(name) && !double.TryParse(name, out _))
                    {
                        used.Add(name);
                    }
                }
            }
        }

        output.WriteLine($"{used.Count} metric names used; {exported.Count} exported");
        var missing = used.Where(name => !exported.Contains(name)).ToList();
        Assert.True(missing.Count == 0, $"Used but not exported: {string.Join(", ", missing)}. Exported: {string.Join(", ", exported.Order())}");

        var resources = platform.Host.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Select(r => r.Name).ToHashSet();
        var jobs = JobNames().Matches(File.ReadAllText(Path.Combine(root, "prometheus.yml"))).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(jobs);
        Assert.All(jobs, job => Assert.Contains(job, resources));
    }

    /// <summary>The services' own endpoints; the gateway serves metrics on its internal one only.</summary>
    private static IEnumerable<(string Resource, string Endpoint)> ScrapeTargets() =>
        [("gateway", "internal"), ("orchestrator", "http"), ("models", "http"), ("agent-analyst", "http"), ("agent-chat", "http"),
         ("agent-coder", "http"), ("agent-reviewer", "http"), ("agent-planner", "http"), ("knowledge", "http"), ("agent-researcher", "http")];

    /// <summary>Completed, failed and cancelled tasks, a workflow, LLM calls and a cache hit, so every instrument has data.</summary>
    private async Task ProduceEverySignalAsync()
    {
        platform.Ollama.Reset();
        platform.Ollama.Responder = request => FakeOllama.LastUserText(request) switch
        {
            var text when text.Contains("hang", StringComparison.Ordinal) => new FakeReply(["never"], TimeSpan.FromMinutes(2)),
            _ => FakeReply.Text("```csharp\npublic static class M { public static int Two() => 2; }\n```"),
        };
        using var client = platform.Host.CreateGatewayClient();

        var completed = await client.SubmitAcceptedAsync("chat.message", new { message = "count me" });
        // The coder runs one task at a time and times out after 3 s: the first fails, the second waits behind it and is cancelled.
        var failed = await client.SubmitAcceptedAsync("code.generate", new { instruction = "hang", language = "csharp" });
        var slow = await client.SubmitAcceptedAsync("code.generate", new { instruction = "hang too", language = "csharp" });
        using (var cancel = await client.DeleteAsync($"/api/v1/tasks/{slow.Id}"))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);
        }

        var workflow = await client.PostAsync("/api/v1/workflows", TaskClient.JsonContent(
            """{"input":{"text":"fine weather"},"steps":[{"id":"s","capability":"text.sentiment","input":{"text":"${input.text}"}}]}"""));
        workflow.Dispose();
        foreach (var task in new[] { completed, slow, failed })
        {
            await client.WaitUntilFinalAsync(task.Id, TimeSpan.FromSeconds(30));
        }

        using var models = platform.Host.CreateAgentClient("models");
        var prompt = $"cache me {Guid.NewGuid()}";
        for (var i = 0; i < 2; i++)
        {
            using var answer = await models.SendAsync(OllamaRequests.Chat(prompt));
            Assert.True(answer.IsSuccessStatusCode, $"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        }

        // Backlog gauges are sampled every 5 s.
        await Task.Delay(TimeSpan.FromSeconds(6));
    }

    private static string RemoveLabelMatchers(string expression) => LabelMatchers().Replace(expression, "");

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex MetricName();

    /// <summary>A rule's <c>expr: ...</c> line (YAML) or a panel's <c>"expr": "..."</c> (JSON).</summary>
    [GeneratedRegex(@"""?expr""?:\s*(?:""((?:[^""\\]|\\.)*)""|(.+))")]
    private static partial Regex Expressions();

    [GeneratedRegex(@"\{[^}]*\}|\[[^\]]*\]|""[^""]*""")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifiers();

    [GeneratedRegex(@"job_name:\s*([\w-]+)")]
    private static partial Regex JobNames();
}

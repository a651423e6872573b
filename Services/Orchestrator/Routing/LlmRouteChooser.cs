using System.Net;
using System.Text.Json;
using SutazAI.Orchestrator.Registry;

namespace SutazAI.Orchestrator.Routing;

/// <summary>
/// Asks the LLM (through the models service's <c>/api/chat</c>) which of a few capabilities a request is for. It
/// answers with one name or nothing usable; when no LLM is configured (503) it is not asked again for a minute.
/// </summary>
public sealed partial class LlmRouteChooser(IHttpClientFactory httpClients, TimeProvider clock, ILogger<LlmRouteChooser> logger)
{
    private static readonly TimeSpan NoLlmPause = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(20);
    private long _askAgainAfterTicks;

    public async Task<string?> ChooseAsync(string request, IReadOnlyList<CapabilityCatalog.Entry> candidates, CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _askAgainAfterTicks) || candidates.Count == 0)
        {
            return null;
        }

        var options = string.Join("\n", candidates.Select(c => $"- {c.Name}: {c.Description}"));
        var prompt = $"Which one of these capabilities should handle the request? Answer with the capability's name only.\n\n{options}\n\nRequest: {request}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerTimeout);
        try
        {
            using var response = await httpClients.CreateClient(CapabilityRouter.HttpClientName).PostAsJsonAsync("/api/chat", new
            {
                model = "",
                stream = false,
                messages = new[] { new { role = "user", content = prompt } },
                options = new { temperature = 0, num_predict = 20 },
            }, timeout.Token);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Interlocked.Exchange(ref _askAgainAfterTicks, (clock.GetUtcNow() + NoLlmPause).UtcTicks);
                return null;
            }

            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
            var answer = body.GetProperty("message").GetProperty("content").GetString() ?? "";
            // One name, or it did not choose (an answer naming several is no choice).
            var named = candidates.Select(c => c.Name).Where(name => answer.Contains(name, StringComparison.OrdinalIgnoreCase)).ToList();
            return named.Count == 1 ? named[0] : null;
        }
        catch (Exception ex) when ((ServiceCalls.Unreachable(ex) || ex is OperationCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
            && !cancellationToken.IsCancellationRequested)
        {
            LogUnanswered(logger, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The LLM did not choose a capability ({Reason}); routing by similarity")]
    private static partial void LogUnanswered(ILogger logger, string reason);
}

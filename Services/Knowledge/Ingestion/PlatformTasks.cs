using System.Net.Http.Headers;
using System.Text.Json;
using SutazAI.Contracts.Auth;
using SutazAI.Contracts.Tasks;

namespace SutazAI.Knowledge.Ingestion;

/// <summary>
/// The person's tasks submitted to the orchestrator as the person, with the caller token the gateway delegated to
/// this request (<see cref="DelegatedCaller"/>), so the task is theirs like one they submitted themselves.
/// </summary>
public sealed class PlatformTasks(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "orchestrator";

    /// <summary>The delegated token of this request; a 503 problem when the request did not come through the gateway's route.</summary>
    public static string RequireDelegatedToken(HttpRequest request) =>
        request.Headers[DelegatedCaller.TokenHeader].ToString() is { Length: > 0 and <= 4096 } token
            ? token
            : throw new RequestProblemException(StatusCodes.Status503ServiceUnavailable, SutazAI.Contracts.ProblemTypes.ServiceUnavailable, "Tasks unavailable",
                "This request must come through the gateway, which lets this service submit the task for you.");

    /// <summary>Submits a task; <paramref name="idempotencyKey"/> makes a retried submission answer with the first task.</summary>
    public async Task<TaskView> SubmitAsync(string token, string capability, object input, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks")
        {
            Content = JsonContent.Create(new { capability, input }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    public async Task<TaskView> GetAsync(string token, Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/tasks/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    private static async Task<TaskView> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new PlatformTaskException(response.StatusCode, problem.Length > 1000 ? problem[..1000] : problem);
        }

        return await response.Content.ReadFromJsonAsync<TaskView>(JsonSerializerOptions.Web, cancellationToken)
            ?? throw new PlatformTaskException(response.StatusCode, "The orchestrator answered without a task.");
    }
}

/// <summary>The orchestrator refused or could not take a task; <see cref="Status"/> is its answer.</summary>
public sealed class PlatformTaskException(System.Net.HttpStatusCode status, string detail) : Exception(detail)
{
    public System.Net.HttpStatusCode Status { get; } = status;
}

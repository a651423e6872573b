using System.Text.Json;
using SutazAI.Contracts.Knowledge;

namespace SutazAI.Agents.Researcher.Answering;

/// <summary>The knowledge service's search, asked for the owner of the task being run (a trusted agent's call, never a client's).</summary>
public sealed class KnowledgeSearch(IHttpClientFactory httpClients, InternalTokens tokens)
{
    public const string HttpClientName = "knowledge";

    public async Task<SearchResponse> SearchAsync(string owner, SearchRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/internal/v1/knowledge/search")
        {
            Content = JsonContent.Create(new OwnerSearchRequest(owner, request), options: JsonSerializerOptions.Web),
        };
        // The knowledge service lets this one name, and no other service's, search for a task's owner.
        message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.Issue(OwnerSearchRequest.ResearcherService));
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(message, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SearchResponse>(JsonSerializerOptions.Web, cancellationToken))!;
    }
}

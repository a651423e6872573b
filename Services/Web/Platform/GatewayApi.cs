using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SutazAI.Web.Account;

namespace SutazAI.Web.Platform;

/// <summary>
/// The gateway's public API as the signed-in person: every page calls the platform through this, with that person's
/// access token, so the console sees and may do exactly what the person may through the API.
/// </summary>
public sealed class GatewayApi(HttpClient http, GatewaySession session)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Post, path, body, cancellationToken);

    public Task<ApiResult<T>> PatchAsync<T>(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Patch, path, body, cancellationToken);

    public Task<ApiResult<NoValue>> DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync<NoValue>(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>A file sent as <c>multipart/form-data</c> (field <c>file</c>) with the given form fields.</summary>
    public Task<ApiResult<T>> PostFileAsync<T>(
        string path, string fileName, string contentType, byte[] content, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken = default)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.TryParse(contentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return SendAsync<T>(HttpMethod.Post, path, form, cancellationToken);
    }

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(method, path, cancellationToken);
        request.Content = body switch
        {
            null => null,
            HttpContent content => content,
            _ => JsonContent.Create(body, body.GetType(), options: Json),
        };

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return await ApiResult.ReadAsync<T>(response, cancellationToken);
        }
        catch (Exception ex) when (ServiceCalls.Unreachable(ex))
        {
            return new(default, new ApiProblem(503, "The gateway did not answer", ex.Message, new Dictionary<string, string[]>()));
        }
    }

    /// <summary>
    /// A server-sent event stream followed to its <c>end</c> event, reconnecting with <c>Last-Event-ID</c> whenever the
    /// gateway closes it early (streams have a lifetime), as a browser's EventSource does.
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> FollowAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? lastId = null;
        for (var failures = 0; failures < 5;)
        {
            using var request = await RequestAsync(HttpMethod.Get, path, cancellationToken);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            if (lastId is not null)
            {
                request.Headers.Add("Last-Event-ID", lastId);
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.NoContent)
            {
                yield break;
            }

            if (!response.IsSuccessStatusCode)
            {
                failures++;
                await Task.Delay(TimeSpan.FromSeconds(failures), cancellationToken);
                continue;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
            {
                lastId = item.EventId ?? lastId;
                yield return item;
                if (item.EventType == "end")
                {
                    yield break;
                }
            }
        }
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await session.AccessTokenAsync(cancellationToken));
        return request;
    }
}

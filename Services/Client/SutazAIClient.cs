using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Serialization.Json;
using SutazAI.Client.Api;
using SutazAI.Client.Api.Api.V1;
using SutazAI.Client.Api.Models;
using SutazAI.Client.Authentication;
using SutazAI.Client.Json;
using SutazAI.Client.Problems;
using SutazAI.Client.Streams;

namespace SutazAI.Client;

/// <summary>
/// The SutazAI gateway's public API. <see cref="V1"/> has every endpoint of <c>/api/v1</c> (generated from the
/// gateway's OpenAPI document) and <see cref="OpenAI"/> the OpenAI-compatible <c>/v1</c>; the methods here add what a
/// generator cannot: event streams that survive dropped connections, waiting for a task, chat replies as they are
/// written, and file uploads. Register with <c>services.AddSutazAIClient(...)</c>, or make one with <see cref="Create"/>.
/// </summary>
public sealed class SutazAIClient : IDisposable
{
    private const string ChatCapability = "chat.message";
    private readonly HttpClient _http;
    private readonly SutazAIClientOptions _options;
    private readonly IDisposable? _owned;
    private readonly SutazAIApi _api;

    /// <summary>A client on an <see cref="HttpClient"/> whose pipeline already authenticates (as <c>AddSutazAIClient</c> builds it).</summary>
    public SutazAIClient(HttpClient http, SutazAIClientOptions options)
        : this(http, options, owned: null)
    {
    }

    private SutazAIClient(HttpClient http, SutazAIClientOptions options, IDisposable? owned)
    {
        _http = http;
        _options = options;
        _owned = owned;
        _http.BaseAddress ??= options.RequireBaseAddress();
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: _http)
        {
            BaseUrl = _http.BaseAddress!.ToString().TrimEnd('/'),
        };
        _api = new SutazAIApi(adapter);
    }

    /// <summary>A client with its own connection pool, for programs without dependency injection; dispose it when done.</summary>
    public static SutazAIClient Create(SutazAIClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var session = new TokenSession(options);
        var handler = new CredentialsHandler(options, session)
        {
            InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) },
        };
        var http = new HttpClient(handler) { BaseAddress = options.RequireBaseAddress(), Timeout = Timeout.InfiniteTimeSpan };
        return new SutazAIClient(http, options, new Owned(http, session));
    }

    /// <summary>Every endpoint under <c>/api/v1</c>: tasks, workflows, goals, chat, knowledge, models, agents, capabilities, keys, auth, status, admin.</summary>
    public V1RequestBuilder V1 => _api.Api.V1;

    /// <summary>The OpenAI-compatible API at <c>/v1</c> (chat completions, embeddings, models).</summary>
    public Api.V1.V1RequestBuilder OpenAI => _api.V1;

    /// <summary>
    /// Submits a task with an <c>Idempotency-Key</c>, so that sending it again after a lost answer creates nothing new.
    /// <paramref name="input"/> is any serialisable value (camelCase JSON) or a <see cref="JsonElement"/>.
    /// </summary>
    public async Task<TaskView> SubmitTaskAsync(string capability, object? input, int? priority = null, string? agent = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var body = new SubmitTaskRequest { Capability = capability, Input = UntypedJson.From(input), Priority = priority, Agent = agent };
        var key = idempotencyKey ?? Guid.NewGuid().ToString("N");
        return (await V1.Tasks.PostAsync(body, config => config.Headers.Add("Idempotency-Key", key), cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Submits a task and waits for it to end; the returned task's <c>Status</c> says how (see <see cref="WaitForCompletionAsync"/>).</summary>
    public async Task<TaskView> RunTaskAsync(string capability, object? input, IProgress<TaskStreamEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        var task = await SubmitTaskAsync(capability, input, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await WaitForCompletionAsync(task.Id!.Value, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Follows a task's events until it ends and returns it as stored, with its result or error. A failed or cancelled
    /// task is returned, not thrown: its <c>Status</c> and <c>Error</c> say what happened.
    /// </summary>
    public async Task<TaskView> WaitForCompletionAsync(Guid taskId, IProgress<TaskStreamEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        await foreach (var change in FollowTaskAsync(taskId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(change);
        }

        return (await V1.Tasks[taskId].GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// A task's status changes and output pieces from <paramref name="lastEventId"/> on (from the start when null) to its
    /// end; a dropped connection is resumed where it broke, with no event lost or repeated.
    /// </summary>
    public async IAsyncEnumerable<TaskStreamEvent> FollowTaskAsync(Guid taskId, string? lastEventId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in ServerSentEvents.FollowAsync(_http, new Uri($"api/v1/tasks/{taskId}/events", UriKind.Relative), lastEventId, _options.TimeProvider, cancellationToken).ConfigureAwait(false))
        {
            var id = item.EventId ?? "";
            yield return item.EventType == "delta"
                ? new TaskStreamEvent(id, item.EventType, null, JsonSerializer.Deserialize<TaskOutput>(item.Data, StreamJson.Options))
                : new TaskStreamEvent(id, item.EventType, JsonSerializer.Deserialize<TaskStatusChange>(item.Data, StreamJson.Options), null);
        }
    }

    /// <summary>A workflow's states from <paramref name="lastEventId"/> on to its end, resumed across dropped connections.</summary>
    public async IAsyncEnumerable<WorkflowStreamEvent> FollowWorkflowAsync(Guid workflowId, string? lastEventId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in ServerSentEvents.FollowAsync(_http, new Uri($"api/v1/workflows/{workflowId}/events", UriKind.Relative), lastEventId, _options.TimeProvider, cancellationToken).ConfigureAwait(false))
        {
            using var document = JsonDocument.Parse(item.Data);
            var workflow = new JsonParseNode(document.RootElement).GetObjectValue(WorkflowView.CreateFromDiscriminatorValue)!;
            yield return new WorkflowStreamEvent(item.EventId ?? "", item.EventType, workflow);
        }
    }

    /// <summary>Follows a workflow (or a goal's workflow) until it ends and returns it as stored.</summary>
    public async Task<WorkflowView> WaitForWorkflowAsync(Guid workflowId, IProgress<WorkflowStreamEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        await foreach (var change in FollowWorkflowAsync(workflowId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(change);
        }

        return (await V1.Workflows[workflowId].GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Says <paramref name="message"/> in a chat session and yields the reply as the model writes it. A reply that
    /// could not be streamed (the event cache was away) comes whole at the end; a failed turn throws <see cref="TaskFailedException"/>.
    /// </summary>
    public async IAsyncEnumerable<string> ChatAsync(Guid sessionId, string message, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var task = await SubmitTaskAsync(ChatCapability, new { sessionId, message }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var streamed = new System.Text.StringBuilder();
        await foreach (var change in FollowTaskAsync(task.Id!.Value, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (change.Output is { } piece)
            {
                streamed.Append(piece.Text);
                yield return piece.Text;
            }
        }

        var ended = (await V1.Tasks[task.Id!.Value].GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))!;
        if (ended.Status != TaskState.Completed)
        {
            throw new TaskFailedException(ended);
        }

        var reply = ended.Result.ToElement().TryGetProperty("reply", out var whole) ? whole.GetString() ?? "" : "";
        if (reply.Length > streamed.Length && reply.StartsWith(streamed.ToString(), StringComparison.Ordinal))
        {
            yield return reply[streamed.Length..];
        }
    }

    /// <summary>Uploads a file (text, Markdown, HTML, PDF, .docx) into a knowledge collection; it is ingested by the task the answer names.</summary>
    public async Task<DocumentAccepted> UploadDocumentAsync(Stream content, string fileName, string? collection = null, CancellationToken cancellationToken = default)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.ForFileName(fileName));
        form.Add(file, "file", fileName);
        if (collection is not null)
        {
            form.Add(new StringContent(collection), "collection");
        }

        using var response = await _http.PostAsync(new Uri("api/v1/knowledge/documents", UriKind.Relative), form, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemResponses.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(text);
        return new JsonParseNode(document.RootElement).GetObjectValue(DocumentAccepted.CreateFromDiscriminatorValue)!;
    }

    public void Dispose() => _owned?.Dispose();

    private sealed class Owned(HttpClient http, TokenSession session) : IDisposable
    {
        public void Dispose()
        {
            http.Dispose();
            session.Dispose();
        }
    }
}

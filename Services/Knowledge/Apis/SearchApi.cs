using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SutazAI.Contracts;
using SutazAI.Contracts.Knowledge;
using SutazAI.Contracts.Tasks;
using SutazAI.Knowledge.Data;
using SutazAI.Knowledge.Extraction;
using SutazAI.Knowledge.Ingestion;
using SutazAI.Knowledge.Search;

namespace SutazAI.Knowledge.Apis;

/// <summary>Search by words and meaning, questions answered with citations, and the search agents run for a task's owner.</summary>
public static class SearchApi
{
    public const string AnswerCapability = "knowledge.answer";
    private const int MaxMediaTypes = 5;

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/knowledge").WithTags("Knowledge").RequireTaskScopes();
        api.MapPost("/search", Search).WithName("SearchKnowledge").WithSummary("Search your documents by words and meaning (hybrid, fused by reciprocal rank)");
        api.MapGet("/search", SearchByQuery).WithName("SearchKnowledgeByQuery").WithSummary("The same search from the address: ?q=...&collection=&documentId=&type=&topK=");
        api.MapPost("/ask", Ask).WithName("AskKnowledge").WithSummary("Answer a question from your documents with numbered citations (a knowledge.answer task, waited for)")
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

        // Not routed by the gateway: an agent searching for the owner of the task it runs.
        app.MapPost("/internal/v1/knowledge/search", SearchForOwner).WithTags("Knowledge").WithName("SearchKnowledgeForOwner")
            .WithSummary("A trusted agent's search on behalf of its task's owner").ExcludeFromDescription();
        return app;
    }

    public static Task<Ok<SearchResponse>> Search(JsonBody<SearchRequest> body, OwnerScope caller, HybridSearch search, CancellationToken cancellationToken) =>
        RunAsync(caller.Caller, body.Value, search, cancellationToken);

    public static Task<Ok<SearchResponse>> SearchByQuery(
        string? q, string? collection, Guid? documentId, string[]? type, int? topK, OwnerScope caller, HybridSearch search, CancellationToken cancellationToken) =>
        RunAsync(caller.Caller, new SearchRequest(q, collection, documentId, type, topK), search, cancellationToken);

    public static Task<Ok<SearchResponse>> SearchForOwner(JsonBody<OwnerSearchRequest> body, HttpContext context, HybridSearch search, IOptions<KnowledgeOptions> options, CancellationToken cancellationToken)
    {
        var caller = context.User.Requester();
        if (caller is null || !options.Value.TrustedAgents.Contains(caller, StringComparer.Ordinal))
        {
            throw new RequestProblemException(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden", "Only the platform's research agent searches on behalf of someone.");
        }

        var owner = body.Value.Owner;
        if (string.IsNullOrEmpty(owner) || owner.Length > OwnerScope.MaxOwnerLength || owner.StartsWith(InternalTokens.ServiceSubjectPrefix, StringComparison.Ordinal))
        {
            throw DocumentIntake.Invalid("owner", "The owner is the person the task runs for.");
        }

        return RunAsync(owner, body.Value.Search, search, cancellationToken);
    }

    public static async Task<Results<Ok<KnowledgeAnswer>, ValidationProblem>> Ask(
        JsonBody<AskRequest> body, HttpContext context, PlatformTasks tasks, IOptions<KnowledgeOptions> options, CancellationToken cancellationToken)
    {
        var request = body.Value;
        if (string.IsNullOrWhiteSpace(request.Question) || request.Question.Length > HybridSearch.MaxQueryCharacters)
        {
            throw DocumentIntake.Invalid("question", $"A question is 1 to {HybridSearch.MaxQueryCharacters} characters.");
        }

        var collection = request.Collection is null ? null : DocumentIntake.Collection(request.Collection);
        if (request.TopK is < 1 or > 20)
        {
            throw DocumentIntake.Invalid("topK", "topK is 1 to 20 passages.");
        }

        var token = PlatformTasks.RequireDelegatedToken(context.Request);
        TaskView task;
        try
        {
            var input = new JsonObject { ["question"] = request.Question };
            if (collection is not null)
            {
                input["collection"] = collection;
            }

            if (request.TopK is { } topK)
            {
                input["topK"] = topK;
            }

            task = await tasks.SubmitAsync(token, AnswerCapability, input, Guid.NewGuid().ToString("N"), cancellationToken);
        }
        catch (PlatformTaskException ex)
        {
            // The orchestrator's refusal is the caller's (a missing scope, a schema violation); anything else is ours to report as unavailable.
            var status = (int)ex.Status is >= 400 and < 500 ? (int)ex.Status : StatusCodes.Status503ServiceUnavailable;
            throw new RequestProblemException(status, status == StatusCodes.Status403Forbidden ? ProblemTypes.Forbidden : status < 500 ? ProblemTypes.ValidationFailed : ProblemTypes.ServiceUnavailable,
                "The question could not be asked", ex.Message);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.AskTimeout);
        try
        {
            while (!task.Status.IsFinal())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
                task = await tasks.GetAsync(token, task.Id, deadline.Token);
            }
        }
        catch (Exception ex) when (ex is PlatformTaskException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new RequestProblemException(StatusCodes.Status504GatewayTimeout, ProblemTypes.RequestTimeout, "The answer is taking long",
                $"The question is still being answered by task {task.Id}; read it at /api/v1/tasks/{task.Id}.");
        }

        if (task.Status != TaskState.Completed || task.Result is not { } result)
        {
            throw new RequestProblemException(StatusCodes.Status502BadGateway, task.Error?.Type ?? ProblemTypes.SkillFailed, "The question could not be answered",
                $"Task {task.Id} ended {task.Status}: {task.Error?.Detail}");
        }

        var answer = result.Deserialize<KnowledgeAnswer>(JsonSerializerOptions.Web)!;
        return TypedResults.Ok(answer with { TaskId = task.Id });
    }

    private static async Task<Ok<SearchResponse>> RunAsync(string owner, SearchRequest request, HybridSearch search, CancellationToken cancellationToken)
    {
        var query = request.Query?.Trim() ?? "";
        if (query.Length is 0 or > HybridSearch.MaxQueryCharacters)
        {
            throw DocumentIntake.Invalid("query", $"A query is 1 to {HybridSearch.MaxQueryCharacters} characters.");
        }

        if (request.TopK is < 1 || request.TopK > search.TopK(int.MaxValue))
        {
            throw DocumentIntake.Invalid("topK", $"topK is 1 to {search.TopK(int.MaxValue)}.");
        }

        var types = request.MediaTypes?.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct().ToArray();
        if (types is { Length: > MaxMediaTypes } || types?.Any(t => !DocumentFormats.All.Contains(t, StringComparer.Ordinal)) == true)
        {
            throw DocumentIntake.Invalid("mediaTypes", $"Filter by up to {MaxMediaTypes} of: {string.Join(", ", DocumentFormats.All)}.");
        }

        var filter = new SearchFilter(request.Collection is null ? null : DocumentIntake.Collection(request.Collection), request.DocumentId, types is { Length: > 0 } ? types : null);
        return TypedResults.Ok(await search.SearchAsync(owner, query, filter, search.TopK(request.TopK), cancellationToken));
    }
}

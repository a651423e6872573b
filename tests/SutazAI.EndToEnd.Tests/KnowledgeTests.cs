using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SutazAI.Contracts;
using SutazAI.Contracts.Knowledge;
using SutazAI.Contracts.Tasks;
using SutazAI.Testing;
using static SutazAI.EndToEnd.Tests.GatewayCalls;

namespace SutazAI.EndToEnd.Tests;

/// <summary>
/// People's own documents on the real platform (no LLM configured here): one file of each kind uploaded, ingested by
/// a task with a progress event per phase, found by a paraphrase and by a rare word, answered extractively, kept from
/// everyone else, and gone from search the moment they are deleted. Damaged, unknown and oversized files change nothing.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class KnowledgeTests(PlatformFixture platform)
{
    private static readonly TimeSpan Ingestion = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Each_kind_of_document_is_found_by_meaning_and_by_a_rare_word_and_only_by_its_owner()
    {
        using var admin = platform.Host.CreateGatewayClient();
        var (alice, _) = await SignedInUserAsync(platform.Host, admin, "alice");
        var (bob, _) = await SignedInUserAsync(platform.Host, admin, "bob");
        var collection = $"notes-{Guid.NewGuid():N}"[..20];

        var uploaded = new List<(SampleDocument Sample, DocumentView Document)>();
        foreach (var sample in SampleDocuments.All())
        {
            using var response = await UploadAsync(alice, sample, collection);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var accepted = (await response.Content.ReadFromJsonAsync<DocumentAccepted>())!;
            Assert.False(accepted.Duplicate);
            Assert.NotNull(accepted.Document.TaskId);
            uploaded.Add((sample, accepted.Document));
        }

        foreach (var (sample, document) in uploaded)
        {
            var task = await alice.WaitUntilFinalAsync(document.TaskId!.Value, Ingestion);
            Assert.True(task.Status == TaskState.Completed, $"{sample.FileName}: {task.Status} {task.Error?.Detail}");
            Assert.Equal("knowledge.ingest", task.Capability);
            var phases = task.Result!.Value.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.Equal(["extract", "chunk", "embed", "index"], phases);
        }

        foreach (var (sample, document) in uploaded)
        {
            var ready = await alice.GetFromJsonAsync<DocumentView>($"/api/v1/knowledge/documents/{document.Id}");
            Assert.Equal(("Ready", sample.ContentType), (ready!.Status, ready.MediaType));
            Assert.True(ready.Chunks > 0);

            var byMeaning = await SearchAsync(alice, sample.Paraphrase, collection);
            Assert.True(byMeaning.Hits.Take(2).Any(h => h.DocumentId == document.Id),
                $"'{sample.Paraphrase}' should find {sample.FileName}; found {string.Join(", ", byMeaning.Hits.Select(h => $"{h.DocumentName} {h.Similarity}"))}");
            Assert.NotNull(byMeaning.Hits.First(h => h.DocumentId == document.Id).Similarity);

            var byWord = await SearchAsync(alice, sample.RareWord, collection);
            var top = byWord.Hits[0];
            Assert.Equal(document.Id, top.DocumentId);
            Assert.NotNull(top.TextRank);
            Assert.Contains($"<mark>{sample.RareWord}</mark>", top.Snippet, StringComparison.OrdinalIgnoreCase);

            var sentence = byMeaning.Hits.First(h => h.DocumentId == document.Id);
            Assert.StartsWith(sample.Position, sentence.Position, StringComparison.Ordinal);

            // Bob, with the same scopes, finds none of it and cannot read or delete it.
            var bobs = await SearchAsync(bob, sample.RareWord, null);
            Assert.DoesNotContain(bobs.Hits, h => h.DocumentId == document.Id);
            using var read = await bob.GetAsync($"/api/v1/knowledge/documents/{document.Id}");
            await AssertProblemAsync(read, HttpStatusCode.NotFound, ProblemTypes.NotFound);
            using var delete = await bob.DeleteAsync($"/api/v1/knowledge/documents/{document.Id}");
            await AssertProblemAsync(delete, HttpStatusCode.NotFound, ProblemTypes.NotFound);
            using var passage = await bob.GetAsync($"/api/v1/knowledge/chunks/{top.ChunkId}");
            await AssertProblemAsync(passage, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }

        // The same file again is recognised, not stored twice.
        using (var again = await UploadAsync(alice, uploaded[3].Sample, collection))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var duplicate = (await again.Content.ReadFromJsonAsync<DocumentAccepted>())!;
            Assert.True(duplicate.Duplicate);
            Assert.Equal(uploaded[3].Document.Id, duplicate.Document.Id);
        }

        // Without an LLM, a question is answered with quoted sentences, cited, and says so.
        using (var ask = await alice.PostAsJsonAsync("/api/v1/knowledge/ask", new AskRequest("Which moon is bigger than Mercury?", collection)))
        {
            Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
            var answer = (await ask.Content.ReadFromJsonAsync<KnowledgeAnswer>())!;
            Assert.False(answer.UsedLlm);
            Assert.NotNull(answer.Note);
            Assert.Contains("Ganymede", answer.Answer, StringComparison.Ordinal);
            Assert.Equal(uploaded[3].Document.Id, answer.Citations[0].DocumentId);
            Assert.Contains($"[{answer.Citations[0].N}]", answer.Answer, StringComparison.Ordinal);
        }

        // Deleting a document takes its passages out of search at once.
        var html = uploaded[2];
        using (var deleted = await alice.DeleteAsync($"/api/v1/knowledge/documents/{html.Document.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.DoesNotContain((await SearchAsync(alice, html.Sample.RareWord, collection)).Hits, h => h.DocumentId == html.Document.Id);
        Assert.DoesNotContain((await SearchAsync(alice, html.Sample.Paraphrase, collection)).Hits, h => h.DocumentId == html.Document.Id);

        var collections = await alice.GetFromJsonAsync<List<CollectionView>>("/api/v1/knowledge/collections");
        Assert.Equal(4, collections!.Single(c => c.Name == collection).Documents);
        using (var dropped = await alice.DeleteAsync($"/api/v1/knowledge/collections/{collection}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, dropped.StatusCode);
        }

        Assert.Empty((await SearchAsync(alice, SampleDocuments.Text().RareWord, null)).Hits);
    }

    [Fact]
    public async Task Damaged_unknown_and_oversized_files_are_refused_and_leave_nothing_behind()
    {
        using var admin = platform.Host.CreateGatewayClient();
        var (carol, _) = await SignedInUserAsync(platform.Host, admin, "carol");

        var corrupt = SampleDocuments.Pdf() with { Content = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[2048]] };
        using (var response = await UploadAsync(carol, corrupt, null))
        {
            await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ProblemTypes.UnreadableDocument);
            Assert.Contains("moons.pdf", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var notDocx = SampleDocuments.Docx() with { Content = SampleDocuments.Utf8("this is not a zip package") };
        using (var response = await UploadAsync(carol, notDocx, null))
        {
            await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ProblemTypes.UnreadableDocument);
        }

        var image = new SampleDocument("photo.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "", "", "");
        using (var response = await UploadAsync(carol, image, null))
        {
            await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
        }

        using (var response = await carol.PostAsJsonAsync("/api/v1/knowledge/documents", new TextDocumentRequest("bad/name!", "n", "text")))
        {
            await AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.ValidationFailed);
        }

        var huge = new SampleDocument("huge.txt", "text/plain", new byte[60 * 1024 * 1024], "", "", "");
        using (var response = await UploadAsync(carol, huge, null))
        {
            await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        }

        using var list = await carol.GetAsync("/api/v1/knowledge/documents");
        Assert.True(list.IsSuccessStatusCode, await platform.Host.LogsAsync("knowledge"));
        Assert.Equal(0, (await list.Content.ReadFromJsonAsync<PagedResult<DocumentView>>())!.Total);
        Assert.Empty((await carol.GetFromJsonAsync<List<CollectionView>>("/api/v1/knowledge/collections"))!);
    }

    [Fact]
    public async Task A_text_sent_as_JSON_becomes_a_document_and_the_index_rebuilds_from_the_database()
    {
        using var admin = platform.Host.CreateGatewayClient();
        var (dave, _) = await SignedInUserAsync(platform.Host, admin, "dave");
        // Long enough (a hundred passages) that its embedding is watched as it goes.
        var minutes = string.Join("\n\n", Enumerable.Range(1, 120).Select(i =>
            $"Item {i} of the weekly meeting: the team reviewed open tickets, assigned owners to {i % 7 + 1} incidents and agreed to revisit the backlog next week."));
        using var response = await dave.PostAsJsonAsync("/api/v1/knowledge/documents",
            new TextDocumentRequest("meetings", "standup notes", $"The release of version nine slipped to Thursday because the installer failed its signing check.\n\n{minutes}"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var document = (await response.Content.ReadFromJsonAsync<DocumentAccepted>())!.Document;
        using (var stream = await dave.OpenAsync($"/api/v1/tasks/{document.TaskId}/events"))
        {
            var events = await EventStreams.ReadAsync(stream);
            Assert.Equal("Completed", events[^1].Json.GetProperty("status").GetString());
            Assert.Contains(events, e => e.Json.GetProperty("status").GetString() == "Running"
                && e.Json.GetProperty("message").GetString() is { } message && (message.StartsWith("embed:", StringComparison.Ordinal) || message.StartsWith("chunk:", StringComparison.Ordinal)));
        }

        Assert.Equal(TaskState.Completed, (await dave.WaitUntilFinalAsync(document.TaskId!.Value, Ingestion)).Status);

        using (var rebuild = await admin.PostAsync("/api/v1/knowledge/index/rebuild", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, rebuild.StatusCode);
        }

        using (var refused = await dave.PostAsync("/api/v1/knowledge/index/rebuild", null))
        {
            await AssertProblemAsync(refused, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        }

        await TaskClient.WaitUntilAsync(() => dave.GetFromJsonAsync<VectorIndexView>("/api/v1/knowledge/index").Result!.BuiltAt > document.CreatedAt, TimeSpan.FromMinutes(1), "the index to be rebuilt");
        var found = await SearchAsync(dave, "why was the new version delayed", "meetings");
        Assert.Equal(document.Id, found.Hits[0].DocumentId);
        Assert.NotNull(found.Hits[0].Similarity);

        using var badQuery = await dave.PostAsJsonAsync("/api/v1/knowledge/search", new SearchRequest("", TopK: 500));
        await AssertProblemAsync(badQuery, HttpStatusCode.BadRequest, ProblemTypes.ValidationFailed);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, SampleDocument sample, string? collection)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(sample.Content);
        file.Headers.ContentType = new MediaTypeHeaderValue(sample.ContentType);
        form.Add(file, "file", sample.FileName);
        if (collection is not null)
        {
            form.Add(new StringContent(collection), "collection");
        }

        return await client.PostAsync("/api/v1/knowledge/documents", form);
    }

    private static async Task<SearchResponse> SearchAsync(HttpClient client, string query, string? collection)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/knowledge/search", new SearchRequest(query, collection, TopK: 5));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SearchResponse>(JsonSerializerOptions.Web))!;
    }
}

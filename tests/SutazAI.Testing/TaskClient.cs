using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SutazAI.Contracts.Tasks;

namespace SutazAI.Testing;

/// <summary>Small helpers over the task API as a client would use it.</summary>
public static class TaskClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string capability, object input, int? priority = null) =>
        await client.PostAsJsonAsync("/api/v1/tasks", new { capability, input, priority }, Json);

    public static async Task<TaskView> SubmitAcceptedAsync(this HttpClient client, string capability, object input, int? priority = null)
    {
        using var response = await client.SubmitAsync(capability, input, priority);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == System.Net.HttpStatusCode.Accepted
            ? JsonSerializer.Deserialize<TaskView>(body, Json)!
            : throw new InvalidOperationException($"Expected 202, got {(int)response.StatusCode}: {body}");
    }

    public static async Task<TaskView> GetTaskAsync(this HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<TaskView>($"/api/v1/tasks/{id}", Json))!;

    public static async Task<TaskView> WaitUntilFinalAsync(this HttpClient client, Guid id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var task = await client.GetTaskAsync(id);
            if (task.Status.IsFinal())
            {
                return task;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Task {id} is still {task.Status}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Submits one batch (all or none) of tasks for one capability.</summary>
    public static async Task<List<TaskView>> SubmitBatchAsync(this HttpClient client, string capability, IEnumerable<object> inputs)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/tasks/batch", new { tasks = inputs.Select(input => new { capability, input }) }, Json);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == System.Net.HttpStatusCode.Accepted
            ? JsonDocument.Parse(body).RootElement.GetProperty("tasks").Deserialize<List<TaskView>>(Json)!
            : throw new InvalidOperationException($"Expected 202, got {(int)response.StatusCode}: {body}");
    }

    /// <summary>Waits for every task to be final and returns them in the same order.</summary>
    public static async Task<List<TaskView>> WaitAllFinalAsync(this HttpClient client, IEnumerable<TaskView> tasks, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var done = new List<TaskView>();
        foreach (var task in tasks)
        {
            var left = deadline - DateTime.UtcNow;
            done.Add(await client.WaitUntilFinalAsync(task.Id, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1)));
        }

        return done;
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; throws on timeout.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(100);
        }
    }

    public static async Task<long> CountTasksAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<PagedResult<TaskView>>("/api/v1/tasks?pageSize=1", Json))!.Total;

    public static StringContent JsonContent(string raw) => new(raw, Encoding.UTF8, "application/json");
}

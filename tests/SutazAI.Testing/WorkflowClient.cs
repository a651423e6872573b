using System.Net.Http.Json;
using SutazAI.Contracts.Workflows;

namespace SutazAI.Testing;

/// <summary>The workflow API as a client uses it.</summary>
public static class WorkflowClient
{
    public static async Task<WorkflowView> SubmitWorkflowAsync(this HttpClient client, object workflow)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/workflows", workflow, TaskClient.Json);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == System.Net.HttpStatusCode.Accepted
            ? System.Text.Json.JsonSerializer.Deserialize<WorkflowView>(body, TaskClient.Json)!
            : throw new InvalidOperationException($"Expected 202, got {(int)response.StatusCode}: {body}");
    }

    public static async Task<WorkflowView> GetWorkflowAsync(this HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<WorkflowView>($"/api/v1/workflows/{id}", TaskClient.Json))!;

    public static async Task<WorkflowView> WaitForWorkflowAsync(this HttpClient client, Guid id, Func<WorkflowView, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var workflow = await client.GetWorkflowAsync(id);
            if (condition(workflow))
            {
                return workflow;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Workflow {id} is {workflow.Status}: {string.Join(", ", workflow.Steps.Select(s => $"{s.Id}={s.Status}"))}");
            }

            await Task.Delay(100);
        }
    }

    public static Task<WorkflowView> WaitUntilWorkflowEndsAsync(this HttpClient client, Guid id, TimeSpan? timeout = null) =>
        client.WaitForWorkflowAsync(id, w => w.Status != WorkflowState.Running, timeout);
}

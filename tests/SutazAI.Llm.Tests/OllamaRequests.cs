using System.Net.Http.Json;
using SutazAI.Contracts;

namespace SutazAI.Llm.Tests;

internal static class OllamaRequests
{
    public static HttpRequestMessage Chat(string text, bool stream = false, double? temperature = 0, int? numPredict = null, string requester = "key-test", int priority = 5)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat")
        {
            Content = JsonContent.Create(new
            {
                model = "llama3.2",
                messages = new[] { new { role = "user", content = text } },
                stream,
                options = new { temperature, num_predict = numPredict },
            }),
        };
        request.Headers.Add(LlmHeaders.Requester, requester);
        request.Headers.Add(LlmHeaders.Priority, priority.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }
}

using SutazAI.Agents.Chat;
using SutazAI.Agents.Chat.Apis;
using SutazAI.Agents.Chat.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddChatAgent();

var app = builder.Build();

app.UseRequestLogging();
app.UseSutazAIProblemDetails();
app.UseInternalAuthentication();

app.MapSessionsApi();
app.MapDefaultEndpoints();

await app.MigrateDatabaseAsync<ChatDbContext>();
await app.RunAsync();

using SutazAI.Knowledge;
using SutazAI.Knowledge.Apis;
using SutazAI.Knowledge.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddKnowledgeService();

var app = builder.Build();

app.UseRequestLogging();
app.UseSutazAIProblemDetails();
app.UseInternalAuthentication();

app.MapDocumentsApi();
app.MapSearchApi();
app.MapDefaultEndpoints();

await app.MigrateDatabaseAsync<KnowledgeDbContext>();
await app.RunAsync();

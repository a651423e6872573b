using SutazAI.Orchestrator;
using SutazAI.Orchestrator.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseRequestLogging();
app.UseSutazAIProblemDetails();
app.UseInternalAuthentication();

app.MapTasksApi();
app.MapAgentsApi();
app.MapWorkflowsApi();
app.MapGoalsApi();
app.MapAdminApi();
app.MapMcp("/mcp");
app.MapDefaultEndpoints();

await app.MigrateDatabaseAsync<SutazAI.Orchestrator.Data.OrchestratorDbContext>();
await app.RunAsync();

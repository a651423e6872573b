using SutazAI.Agents.Planner;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlannerAgent();

var app = builder.Build();

app.UseRequestLogging();
app.UseSutazAIProblemDetails();
app.UseInternalAuthentication();
app.MapDefaultEndpoints();

app.Run();

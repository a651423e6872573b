using SutazAI.Agents.Researcher;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddResearcherAgent();

var app = builder.Build();

app.UseRequestLogging();
app.UseSutazAIProblemDetails();
app.UseInternalAuthentication();
app.MapDefaultEndpoints();

app.Run();

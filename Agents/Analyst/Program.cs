using SutazAI.Agents.Analyst;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAnalystAgent();

var app = builder.Build();

app.UseRequestLogging();
app.UseSutazAIProblemDetails();
app.UseInternalAuthentication();
app.MapDefaultEndpoints();

app.Run();

using SutazAI.Agents.Reviewer;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddReviewerAgent();

var app = builder.Build();

app.UseRequestLogging();
app.UseSutazAIProblemDetails();
app.UseInternalAuthentication();
app.MapDefaultEndpoints();

app.Run();

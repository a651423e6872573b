using SutazAI.Agents.Coder;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCoderAgent();

var app = builder.Build();

app.UseRequestLogging();
app.UseSutazAIProblemDetails();
app.UseInternalAuthentication();
app.MapDefaultEndpoints();

app.Run();

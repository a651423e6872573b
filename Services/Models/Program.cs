using SutazAI.Models;
using SutazAI.Models.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseRequestLogging();
app.UseSutazAIProblemDetails();
app.UseInternalAuthentication();

app.MapOllamaApi();
app.MapModelsApi();
app.MapOpenAiApi();
app.MapDefaultEndpoints();

app.Run();

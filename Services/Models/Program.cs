using SutazAI.Models;
using SutazAI.Models.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseRequestLogging();
app.UseSutazAIProblemDetails();

app.MapOllamaApi();
app.MapModelsApi();
app.MapDefaultEndpoints();

app.Run();

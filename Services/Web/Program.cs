using SutazAI.Web;
using SutazAI.Web.Components;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddConsoleServices();

var app = builder.Build();

app.UseRequestLogging();
app.UseConsolePipeline();

app.MapDefaultEndpoints(openApi: false);
app.MapAccountEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
